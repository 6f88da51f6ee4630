#!/bin/sh
# make bench: builds a large generated course and times coursec against
# the cmark-gfm CLI rendering the same Markdown, side by side in one run.
# Reports wall time (hyperfine), throughput and peak memory.
set -eu
cd "$(dirname "$0")/.."
LESSONS=${LESSONS:-400}
B=tests/out/bench
rm -rf "$B"
mkdir -p "$B/course"
printf 'title: Benchmark course\nid: bench\n' >"$B/course/course.yml"

# Deterministic lessons: headings, paragraphs, a table, lists, code,
# footnotes, and links to the previous lesson's headings.
awk -v n="$LESSONS" -v dir="$B/course" 'BEGIN {
	for (i = 1; i <= n; i++) {
		m = int((i - 1) / 20) + 1
		mdir = sprintf("%s/%03d-module-%d", dir, m, m)
		if ((i - 1) % 20 == 0) system("mkdir -p " mdir)
		f = sprintf("%s/%03d-lesson-%d.md", mdir, i, i)
		printf "---\ntitle: Lesson %d\nduration: 5\n---\n\n", i > f
		for (s = 1; s <= 12; s++) {
			printf "## Section %d of lesson %d\n\n", s, i > f
			for (p = 0; p < 3; p++)
				printf "When a caller is *upset*, slow down, **name the feeling** and say what you will do next. Check the `account` before you promise a call back, and write the time down.[^n%d_%d]\n\n", s, p > f
			printf "| Step | Say | Avoid |\n|:--|:-:|--:|\n| 1 | I can hear this matters. | Calm down. |\n| 2 | Let me check that for you. | That is not my job. |\n\n" > f
			printf "- [ ] Greet by name\n- [x] Confirm the date\n- ~~Guess~~ Ask\n\n" > f
			if (i > 1 && (i - 1) % 20 != 0)
				printf "See [the same part before](%03d-lesson-%d.md#section-%d-of-lesson-%d).\n\n", i - 1, i - 1, s, i - 1 > f
			for (p = 0; p < 3; p++)
				printf "[^n%d_%d]: Note %d.\n", s, p, p > f
			printf "\n" > f
		}
		close(f)
	}
}'
cat "$B"/course/*/*.md >"$B/all.md"
bytes=$(wc -c <"$B/all.md")
echo "bench: $LESSONS lessons, $(($bytes / 1024)) KiB of Markdown"

hyperfine --warmup 1 --runs 10 --export-markdown "$B/result.md" \
	-n "cmark-gfm CLI (same Markdown, HTML only; this CLI has no footnote switch)" \
	"cmark-gfm -e table -e strikethrough -e autolink -e tasklist $B/all.md >/dev/null" \
	-n "coursec check (parse, check, render)" \
	"./coursec check -q $B/course" \
	-n "coursec build -f html (+ templates, write)" \
	"./coursec build -q -f html -o $B/out $B/course" \
	-n "coursec build (+ both SCORM zips, deflated once)" \
	"./coursec build -q -o $B/out $B/course"
for cmd in "cmark-gfm -e table -e strikethrough -e autolink -e tasklist $B/all.md" \
	"./coursec build -q -o $B/out $B/course"; do
	/usr/bin/time -f "peak RSS %M KiB: $cmd" sh -c "$cmd >/dev/null"
done
