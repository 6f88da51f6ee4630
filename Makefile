# coursec: plain GNU make, dependencies through pkg-config.
# Local overrides (CC, CFLAGS, PREFIX...) go in config.mk.
-include config.mk

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/coursec
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
PKGS	 = libcmark-gfm libdeflate libxml-2.0 libxxhash libzip yaml-0.1 \
	   libmicrohttpd
# Evaluated in each recipe, not when make reads this file: on a bare
# machine the packages that provide the .pc files are only installed by
# the deps target, which runs before any compiler (order-only below).
PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))
PKG_LIBS   = $$(pkg-config --libs $(PKGS))
CFLAGS	?= -O2 -g
WFLAGS	 = -Wall -Wextra -Wshadow -std=c11 -D_POSIX_C_SOURCE=200809L \
	   -D_DEFAULT_SOURCE
ALL_CFLAGS = $(WFLAGS) $(CFLAGS) -pthread $(PKG_CFLAGS) -DDATADIR='"$(DATADIR)"'

SRCS	 = compiler/arena.c compiler/build.c compiler/cache.c compiler/course.c compiler/deflate.c \
	   compiler/escape.c compiler/lint.c \
	   compiler/manifest.c compiler/markdown.c compiler/media.c compiler/meta.c \
	   compiler/msg.c compiler/new.c compiler/package.c compiler/pkgcheck.c \
	   compiler/serve.c compiler/suspend.c \
	   compiler/output.c compiler/pool.c compiler/quiz.c compiler/quiz-fence.c \
	   compiler/quiz-html.c compiler/quiz-parse.c compiler/quiz-scenario.c \
	   compiler/render.c compiler/safepath.c compiler/theme.c \
	   compiler/theme-chain.c compiler/util.c
OBJS	 = $(SRCS:.c=.o)
MAIN	 = compiler/main.o

.PHONY: all deps deps-test courses test install uninstall clean asan valgrind regen bench \
	fuzz fuzz-bin

all: deps coursec courses

deps:
	@sh tools/deps.sh build

deps-test: deps
	@sh tools/deps.sh test

# Nothing compiles before the packages it includes are installed.
$(OBJS) $(MAIN): | deps

coursec: $(OBJS) $(MAIN)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(MAIN) $(PKG_LIBS)

compiler/%.o: compiler/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Headers each object depends on, written out.
HDR_COMMON = compiler/util.h compiler/msg.h
compiler/build.o: compiler/build.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/theme.h compiler/deflate.h compiler/pool.h compiler/cache.h compiler/arena.h
compiler/arena.o: compiler/arena.c compiler/util.h compiler/arena.h
compiler/cache.o: compiler/cache.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/cache.h compiler/theme.h
compiler/pool.o: compiler/pool.c compiler/util.h compiler/pool.h
compiler/course.o: compiler/course.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/meta.h compiler/safepath.h
compiler/escape.o: compiler/escape.c $(HDR_COMMON) compiler/escape.h
compiler/lint.o: compiler/lint.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/main.o: compiler/main.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/markdown.o: compiler/markdown.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/escape.h compiler/safepath.h compiler/theme.h compiler/arena.h
compiler/media.o: compiler/media.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/escape.h compiler/meta.h compiler/theme.h compiler/arena.h
compiler/manifest.o: compiler/manifest.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/package.o: compiler/package.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/deflate.h compiler/safepath.h
compiler/deflate.o: compiler/deflate.c compiler/util.h compiler/deflate.h
compiler/pkgcheck.o: compiler/pkgcheck.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/msg.h
compiler/suspend.o: compiler/suspend.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/new.o: compiler/new.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/serve.o: compiler/serve.c $(HDR_COMMON) compiler/courseware.h compiler/escape.h compiler/extern.h
compiler/meta.o: compiler/meta.c $(HDR_COMMON) compiler/meta.h compiler/safepath.h
compiler/msg.o: compiler/msg.c compiler/msg.h compiler/util.h
compiler/output.o: compiler/output.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/safepath.h
HDR_QUIZ = $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/quiz-int.h
compiler/quiz.o: compiler/quiz.c $(HDR_QUIZ) compiler/arena.h
compiler/quiz-fence.o: compiler/quiz-fence.c $(HDR_QUIZ)
compiler/quiz-html.o: compiler/quiz-html.c $(HDR_QUIZ) compiler/escape.h compiler/theme.h
compiler/quiz-parse.o: compiler/quiz-parse.c $(HDR_QUIZ)
compiler/quiz-scenario.o: compiler/quiz-scenario.c $(HDR_QUIZ)
compiler/render.o: compiler/render.c $(HDR_COMMON) compiler/courseware.h compiler/escape.h compiler/extern.h compiler/theme.h compiler/safepath.h
compiler/theme.o: compiler/theme.c $(HDR_COMMON) compiler/escape.h compiler/meta.h compiler/theme.h compiler/safepath.h
compiler/theme-chain.o: compiler/theme-chain.c $(HDR_COMMON) compiler/meta.h compiler/theme.h compiler/safepath.h
compiler/util.o: compiler/util.c $(HDR_COMMON)
compiler/safepath.o: compiler/safepath.c $(HDR_COMMON) compiler/safepath.h

courses: coursec
	./coursec build -o output

clean:
	rm -f coursec $(OBJS) $(MAIN) tests/unit/*.o tests/unit/unit \
	    tools/benchgen tools/benchref
	rm -rf output

tests/unit/unit: tests/unit/unit.c $(OBJS) | deps-test
	$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags cmocka) -o $@ \
	    tests/unit/unit.c $(OBJS) $(PKG_LIBS) $$(pkg-config --libs cmocka)

node_modules/.installed: package.json package-lock.json
	@sh tools/npm-ci.sh
	touch $@

test: deps-test coursec tests/unit/unit tools/benchgen
	@$(MAKE) -s node_modules/.installed
	@sh tests/run.sh

# Rewrites the golden files from the current compiler; asks first.
regen: coursec
	@printf 'Replace tests/golden/*.err and *.expected with new output? [y/N] '; \
	read a; [ "$$a" = y ] && REGEN=1 sh tests/golden.sh

asan:
	$(MAKE) clean
	$(MAKE) coursec tests/unit/unit CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" LDFLAGS="-fsanitize=address,undefined"
	./tests/unit/unit
	sh tests/golden.sh
	sh tests/cli.sh
	SLOW=4 sh tests/bad-input.sh

# Memcheck over the unit tests, every golden case (an error changes the
# exit status the .err files hold), and the sample courses; then
# Helgrind over a three-thread build of them, which sees the libraries'
# shared state too (cmark-gfm's special-character table, first-call
# statics in libzip and libdeflate) where ThreadSanitizer sees only ours.
VALGRIND = valgrind -q --error-exitcode=9 --leak-check=full \
	   --errors-for-leak-kinds=definite
HELGRIND = valgrind -q --error-exitcode=9 --tool=helgrind \
	   --suppressions=tests/helgrind.supp
valgrind: coursec tests/unit/unit
	$(VALGRIND) ./tests/unit/unit
	COURSEC="$(VALGRIND) ./coursec" sh tests/golden.sh
	$(VALGRIND) ./coursec build -q -o tests/out/valgrind
	rm -rf tests/out/helgrind
	$(HELGRIND) ./coursec build -q -j 3 -o tests/out/helgrind

install: coursec
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 coursec $(DESTDIR)$(BINDIR)/coursec
	cp -R themes/default themes/studio $(DESTDIR)$(DATADIR)/themes/
	install -m 644 man/coursec.1 $(DESTDIR)$(MANDIR)/man1/coursec.1
	install -m 644 man/coursec.5 $(DESTDIR)$(MANDIR)/man5/coursec.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/coursec $(DESTDIR)$(MANDIR)/man1/coursec.1 $(DESTDIR)$(MANDIR)/man5/coursec.5
	rm -rf $(DESTDIR)$(DATADIR)

bench: coursec tools/benchgen tools/benchref
	@sh tools/deps.sh bench
	@sh tools/bench.sh

tools/benchgen: tools/benchgen.c | deps
	$(CC) $(WFLAGS) $(CFLAGS) -o $@ tools/benchgen.c

# The reference renderer links cmark-gfm's library directly.
tools/benchref: tools/benchref.c | deps
	$(CC) $(WFLAGS) $(CFLAGS) $$(pkg-config --cflags libcmark-gfm) -o $@ \
	    tools/benchref.c $$(pkg-config --libs libcmark-gfm) \
	    -lcmark-gfm-extensions

# libFuzzer (clang): the quiz and scenario parsers, course.yml and front
# matter, the template engine and a whole lesson through the pipeline.
# tests/fuzz/run.sh builds them (fuzz-bin), runs each for FUZZ_SECONDS
# on its seed corpus and replays the regression inputs; make test runs
# it briefly.
FUZZ_SECONDS ?= 60
FUZZ_CC	 ?= clang
FUZZ_DIR = tests/out/fuzz
FUZZ_SAN = -g -O1 -pthread -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS = quiz scenario yaml template lesson
FUZZ_OBJS = $(SRCS:compiler/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/obj/%.o: compiler/%.c compiler/*.h | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    $(PKG_CFLAGS) -DDATADIR='"$(DATADIR)"' -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(PKG_CFLAGS) \
	    -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

fuzz-bin: $(FUZZ_BINS)

fuzz: deps-test
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh
