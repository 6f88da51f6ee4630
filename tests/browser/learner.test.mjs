// The learner's side of the default theme (issue 11): one test per defect
// found by trying the courses as a learner, each of which fails on the
// theme before the fix, plus the home page, media, strings and RTL.
//
// Courses: tests/learner (English fixture: cover, media, tables, tasks,
// practice check, role-play, graded quiz), tests/rtl-ar (Arabic), and
// small courses written into a temporary folder for French quotes and
// the missing-string warning.  From file:// with no network, in the
// Debian Chromium.  Run: node --test tests/browser/learner.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  ROOT, COURSEC, launchBrowser, newWatchedContext, assertClean, norm, readStrings,
} from './support.mjs';

const execFileP = promisify(execFile);
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 360, height: 740 };
// Generous: the suite shares a loaded machine with other builds.
const TIMEOUT = 15 * 60 * 1000;

let browser;
let tmp;
const out = {};   // course folder name -> { dir, url(page), log }

async function build(src, args = []) {
  const dest = fs.mkdtempSync(path.join(tmp, 'b-'));
  const r = await execFileP(COURSEC, ['build', '-o', dest, ...args, src], { cwd: ROOT })
    .catch((e) => { throw new Error(`coursec build ${src} failed (exit ${e.code}):\n${e.stdout}${e.stderr}`); });
  const id = fs.readdirSync(dest).find((d) => fs.existsSync(path.join(dest, d, 'index.html')));
  const dir = path.join(dest, id);
  return { dir, log: r.stdout + r.stderr, url: (p) => pathToFileURL(path.join(dir, p)).href };
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coursec-learner-'));
  out.learner = await build('tests/learner');
  out.ar = await build('tests/rtl-ar');
  out.hss = await build('courses/healthcare-soft-skills');
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp && !process.env.KEEP_OUTPUT) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page in a watched context; fn(page) runs, then the context is checked. */
async function withPage(opts, fn) {
  const ctx = await newWatchedContext(browser, { viewport: DESKTOP, ...opts });
  try {
    const page = await ctx.newPage();
    await fn(page, ctx);
    assertClean(ctx, 'browser');
  } finally {
    await ctx.close();
  }
}

async function open(page, url) {
  await page.goto(url);
  await page.waitForLoadState('load');
}

function fail(failures) {
  if (failures.length) assert.fail(`${failures.length} failure(s):\n  - ${failures.join('\n  - ')}`);
}

async function axe(page, what, failures) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false }), AXE_TAGS);
  for (const v of res.violations) {
    failures.push(`axe ${what}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  }
}

// --- the defects ------------------------------------------------------------

test('matching answers are readable in full at 1280 and 360 px', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const pages = [
    [out.learner, 'practice.html', '#cs-quiz-practice-check'],
    [out.hss, 'cultural-understanding/plain-language.html', '.cs-quiz'],
  ];
  for (const viewport of [DESKTOP, PHONE]) {
    await withPage({ viewport }, async (page) => {
      for (const [c, p, sel] of pages) {
        await open(page, c.url(p));
        const selects = page.locator(`${sel} .cs-match select`);
        const n = await selects.count();
        if (!n) failures.push(`${p}: no matching question found`);
        for (let i = 0; i < n; i++) {
          // Choose the longest answer: the worst case for a select.
          const longest = await selects.nth(i).evaluate((s) => [...s.options].filter((o) => o.value)
            .sort((a, b) => b.text.length - a.text.length)[0].value);
          await selects.nth(i).selectOption(longest);
        }
        const r = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} .cs-match select`)].map((s) => {
          const cs = getComputedStyle(s);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const text = s.options[s.selectedIndex].text;
          const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
          const echo = s.parentNode.querySelector('.cs-match__chosen');
          const echoOk = !!echo && echo.offsetParent !== null && echo.textContent === text &&
            echo.scrollWidth <= echo.clientWidth + 1 && echo.getBoundingClientRect().right <= innerWidth;
          return { text, fits: ctx.measureText(text).width <= room, echoOk };
        }), sel);
        for (const x of r) {
          if (!x.fits && !x.echoOk) failures.push(`${p} at ${viewport.width}px: "${x.text}" is cut off in its select and not shown in full elsewhere`);
        }
      }
    });
  }
  fail(failures);
});

test('a practice check does not say "Not passed", and its result comes before "Try again"', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const en = readStrings(path.join(ROOT, 'themes/default/strings/en.yml'));
  await withPage({}, async (page) => {
    await open(page, out.learner.url('practice.html'));
    const q = '#cs-quiz-practice-check';
    await page.click(`${q} .cs-quiz__submit`);
    const r = await page.evaluate((q) => {
      const sec = document.querySelector(q);
      const status = sec.querySelector('.cs-quiz__status');
      const retry = sec.querySelector('.cs-quiz__retry');
      return {
        text: status.textContent, failedClass: sec.classList.contains('cs-quiz--failed'),
        before: !!(status.compareDocumentPosition(retry) & Node.DOCUMENT_POSITION_FOLLOWING),
        above: status.getBoundingClientRect().bottom <= retry.getBoundingClientRect().top + 1,
      };
    }, q);
    if (/passed/i.test(r.text)) failures.push(`practice status says "${r.text}"`);
    if (!r.text.includes(en.quiz_practice_note)) failures.push(`practice status "${r.text}" lacks the practice note`);
    if (r.failedClass) failures.push('practice quiz gets cs-quiz--failed');
    if (!r.before || !r.above) failures.push('the result box is not above the "Try again" button');
    // A graded quiz still says whether it passed.
    await open(page, out.learner.url('assessment.html'));
    await page.click('#cs-quiz-desk-assessment .cs-quiz__submit');
    const g = await page.locator('#cs-quiz-desk-assessment .cs-quiz__status').textContent();
    if (!g.includes('Not passed')) failures.push(`graded status "${g}" does not say it was not passed`);
  });
  fail(failures);
});

test('every ticked choice is marked right or wrong after a check', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({}, async (page) => {
    await open(page, out.learner.url('practice.html'));
    const q = '#cs-q-practice-check-q1';
    const labels = await page.locator(`${q} .cs-choice label`).allTextContents();
    const wrong = labels.findIndex((t) => t.includes('Fine.'));
    const right = labels.findIndex((t) => t.includes('move Tuesday'));
    await page.locator(`${q} .cs-choice input`).nth(wrong).check();
    await page.locator(`${q} .cs-choice input`).nth(right).check();
    await page.click('#cs-quiz-practice-check .cs-quiz__submit');
    const rows = await page.evaluate((q) => [...document.querySelectorAll(`${q} .cs-choice`)].map((r) => ({
      cls: r.className, text: r.textContent.replace(/\s+/g, ' '), bg: getComputedStyle(r).backgroundColor,
    })), q);
    if (!/cs-choice--wrong/.test(rows[wrong].cls) || !/your answer: incorrect/.test(rows[wrong].text)) failures.push(`wrongly ticked "${labels[wrong]}" is not marked wrong: ${JSON.stringify(rows[wrong])}`);
    if (!/cs-choice--right/.test(rows[right].cls) || !/your answer: correct/.test(rows[right].text)) failures.push(`rightly ticked choice is not marked right: ${JSON.stringify(rows[right])}`);
    if (rows[wrong].bg === rows[right].bg) failures.push('right and wrong choices look the same');
  });
  fail(failures);
});

test('role-play: speaker labels, the path so far, a review at the ending, and print keeps the path', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({}, async (page) => {
    await open(page, out.learner.url('practice.html'));
    const sc = '#cs-sc-desk-wait';
    const lines = await page.evaluate((sc) => [...document.querySelectorAll(`${sc} .cs-scenario__node[data-node="arrive"] .cs-scenario__text p`)]
      .map((p) => ({ cls: p.className, who: p.querySelector('.cs-line__who')?.textContent || '' })), sc);
    if (!/cs-line--narration/.test(lines[0]?.cls)) failures.push(`narration not labelled: ${JSON.stringify(lines[0])}`);
    if (!/cs-line--them/.test(lines[1]?.cls) || !/other person/i.test(lines[1]?.who)) failures.push(`speech not labelled: ${JSON.stringify(lines[1])}`);
    // Bad path first: the named speaker of [annoyed].
    await page.click(`${sc} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="1"]`);
    const named = await page.locator(`${sc} .cs-scenario__node[data-node="annoyed"] .cs-scenario__text .cs-line__who`).first().textContent();
    if (!/^Visitor/.test(named)) failures.push(`"**Visitor:**" line labelled "${named}"`);
    await page.click(`${sc} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="0"]`);
    await page.click(`${sc} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="0"]`);
    const r = await page.evaluate((sc) => {
      const sec = document.querySelector(sc);
      const log = sec.querySelector('.cs-scenario__log');
      const review = sec.querySelector('.cs-scenario__review');
      return {
        log: log ? log.innerText : '',
        you: log ? log.querySelectorAll('.cs-line--you').length : 0,
        lastYou: sec.querySelector('.cs-scenario__node:not([hidden]) .cs-scenario__feedback .cs-line--you')?.textContent || '',
        steps: review ? review.querySelectorAll('li').length : 0,
        review: review ? review.innerText : '',
      };
    }, sc);
    if (!r.log.includes('looks at his watch') || !r.log.includes('not good enough')) failures.push(`transcript lacks earlier steps: "${r.log}"`);
    if (r.you !== 2) failures.push(`transcript has ${r.you} learner lines, expected 2 (the third opens the current step)`);
    if (!/^You: /.test(r.lastYou)) failures.push(`the last reply is not labelled as the learner's: "${r.lastYou}"`);
    if (r.steps !== 3) failures.push(`review lists ${r.steps} steps, expected 3`);
    if (!/0 of 10 points/.test(r.review) || !/5 of 5 points/.test(r.review)) failures.push(`review lacks per-step points: "${r.review}"`);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate((sc) => {
      const log = document.querySelector(`${sc} .cs-scenario__log`);
      return !!log && log.offsetParent !== null && getComputedStyle(log).display !== 'none' && log.getBoundingClientRect().height > 0;
    }, sc);
    if (!printed) failures.push('printing the role-play drops the path so far');
    await page.emulateMedia({ media: 'screen' });
    await axe(page, 'role-play ended', failures);
  });
  fail(failures);
});

test('"visited" is not "complete": progress text and outline before and after the assessment', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const en = readStrings(path.join(ROOT, 'themes/default/strings/en.yml'));
  await withPage({}, async (page) => {
    await open(page, out.learner.url('welcome.html'));
    await open(page, out.learner.url('assessment.html'));
    const prog = norm(await page.locator('.cs-progress-text').textContent());
    if (/complete|100\s*%/i.test(prog)) failures.push(`assessment page before any answer says "${prog}"`);
    const state = async (href) => page.evaluate((href) => {
      const li = [...document.querySelectorAll('.cs-outline__lesson')].find((l) => l.querySelector(`a[href$="${href}"]`));
      return { cls: li.className, name: li.querySelector('a').textContent.replace(/\s+/g, ' ').trim() };
    }, href);
    // Fail the assessment: the outline must not tick it.
    await page.click('#cs-quiz-desk-assessment .cs-quiz__submit');
    let a = await state('assessment.html');
    if (/cs-complete/.test(a.cls) || !/cs-visited/.test(a.cls)) failures.push(`failed assessment in the outline: ${a.cls}`);
    if (!a.name.includes(en.visited_not_complete)) failures.push(`failed assessment link reads "${a.name}"`);
    const w = await state('welcome.html');
    if (!/cs-complete/.test(w.cls) || !w.name.includes(`(${en.completed})`)) failures.push(`visited plain lesson not complete: ${JSON.stringify(w)}`);
    // Pass it: now it is complete, here and on the home page.
    await page.click('#cs-quiz-desk-assessment .cs-quiz__retry');
    await page.locator('#cs-quiz-desk-assessment .cs-choice label', { hasText: 'Smile and raise' }).click();
    await page.locator('#cs-quiz-desk-assessment .cs-choice label', { hasText: 'True' }).click();
    await page.click('#cs-quiz-desk-assessment .cs-quiz__submit');
    a = await state('assessment.html');
    if (!/cs-complete/.test(a.cls)) failures.push(`passed assessment not complete: ${a.cls}`);
    await open(page, out.learner.url('index.html'));
    a = await state('assessment.html');
    if (!/cs-complete/.test(a.cls)) failures.push(`home page: passed assessment not complete: ${a.cls}`);
    const p = await state('practice.html');
    if (/cs-visited/.test(p.cls)) failures.push('home page: an unvisited lesson is marked');
  });
  fail(failures);
});

test('the sidebar background reaches the bottom of the window once the page scrolls', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({ viewport: { width: 1280, height: 600 } }, async (page) => {
    await open(page, out.learner.url('welcome.html'));
    const r = await page.evaluate(async () => {
      const tall = document.documentElement.scrollHeight > innerHeight + 300;
      window.scrollTo({ top: 250, behavior: 'instant' });
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      const side = document.querySelector('.cs-sidenav').getBoundingClientRect();
      const layout = document.querySelector('.cs-layout').getBoundingClientRect();
      return { tall, top: side.top, bottom: side.bottom, layoutBottom: layout.bottom, h: innerHeight };
    });
    if (!r.tall) failures.push('precondition: the page does not scroll');
    if (r.top > 1) failures.push(`sidebar top at ${r.top}px after scrolling`);
    if (r.bottom < Math.min(r.h, r.layoutBottom) - 1) failures.push(`sidebar ends at ${r.bottom}px, the window at ${r.h}px`);
  });
  fail(failures);
});

test('task-list items are marks, not disabled checkboxes', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({}, async (page) => {
    for (const [c, p] of [[out.learner, 'welcome.html'], [out.hss, 'final-assessment/measuring-the-training.html'], [out.ar, 'greeting.html']]) {
      await open(page, c.url(p));
      const r = await page.evaluate(() => ({
        inputs: [...document.querySelectorAll('.cs-body input, .cs-body select, .cs-body textarea')].filter((i) => !i.closest('.cs-quiz')).length,
        disabled: [...document.querySelectorAll('.cs-body :disabled')].filter((i) => !i.closest('.cs-quiz')).length,
        marks: [...document.querySelectorAll('.cs-task__mark')].map((m) => m.getAttribute('role') + ':' + m.getAttribute('aria-label')),
      }));
      if (r.inputs || r.disabled) failures.push(`${p}: ${r.inputs} form controls outside quizzes (${r.disabled} disabled)`);
      if (!r.marks.length || r.marks.some((m) => !/^img:.+/.test(m))) failures.push(`${p}: task marks ${JSON.stringify(r.marks)}`);
    }
  });
  fail(failures);
});

test('smart punctuation: curly quotes in English, « » with no-break spaces in French', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const html = fs.readFileSync(path.join(out.learner.dir, 'welcome.html'), 'utf8');
  const body = html.slice(html.indexOf('<article'), html.indexOf('</article>')).replace(/<[^>]*>/g, '');
  if (!body.includes('“Good morning”') || !body.includes('you’re')) failures.push('English: no curly quotes or apostrophe');
  if (/&quot;|"/.test(body)) failures.push('English: straight double quotes left in the text');
  // French, written with straight quotes.
  const fr = path.join(tmp, 'fr');
  fs.mkdirSync(fr);
  fs.writeFileSync(path.join(fr, 'course.yml'), 'title: Accueil\nlanguage: fr\n');
  fs.writeFileSync(path.join(fr, 'accueil.md'), '# Accueil\n\nDites "Bonjour, je vous écoute" : c\'est simple ! Et le code `"x"` reste.\n');
  const b = await build(fr);
  const f = fs.readFileSync(path.join(b.dir, 'accueil.html'), 'utf8');
  if (!f.includes('«\u00a0Bonjour, je vous écoute\u00a0»')) failures.push('French: no « » with no-break spaces inside');
  if (!f.includes('\u00a0: c’est simple\u202f!')) failures.push('French: no (narrow) no-break space before : and !');
  if (!f.includes('<code>&quot;x&quot;</code>')) failures.push('French: code was changed');
  fail(failures);
});

test('home page: cover, logo, objectives, duration, how the course is assessed', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({}, async (page) => {
    await open(page, out.learner.url('index.html'));
    const r = await page.evaluate(() => ({
      cover: document.querySelector('.cs-hero__cover')?.naturalWidth || 0,
      logo: document.querySelector('.cs-header .cs-brand__logo')?.naturalWidth || 0,
      objectives: [...document.querySelectorAll('.cs-home__objectives li')].length,
      facts: document.querySelector('.cs-facts')?.textContent.replace(/\s+/g, ' ') || '',
      assessed: document.querySelector('.cs-home__assessed')?.textContent.replace(/\s+/g, ' ') || '',
    }));
    if (!r.cover) failures.push('no cover image shown');
    if (!r.logo) failures.push('no logo in the header');
    if (r.objectives !== 3) failures.push(`${r.objectives} course objectives shown, expected 3`);
    if (!/Duration\s*23\s*min/.test(r.facts)) failures.push(`facts "${r.facts}" lack the duration`);
    if (!/Show what you know/.test(r.assessed) || !/pass mark 80%/.test(r.assessed) || !/3 attempts/.test(r.assessed)) failures.push(`assessment section reads "${r.assessed}"`);
    await axe(page, 'home', failures);
  });
  fail(failures);
});

test('phone: wide tables show that they scroll; diagrams open full size', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({ viewport: PHONE }, async (page) => {
    await open(page, out.learner.url('welcome.html'));
    const r = await page.evaluate(() => {
      const wrap = document.querySelector('.cs-body .cs-scroll');
      const table = wrap && wrap.querySelector('table');
      const cue = wrap && wrap.querySelector('.cs-scroll__cue');
      const img = document.querySelector('.cs-body img[src$="desk-plan.svg"]');
      const a = img && img.closest('a');
      return {
        overflow: !!table && table.scrollWidth > table.clientWidth,
        cue: !!cue && cue.offsetParent !== null && cue.textContent.length > 0,
        focusable: table && table.tabIndex === 0,
        link: a ? a.href : null, img: img && img.src,
        label: a ? a.textContent.trim() : '',
      };
    });
    if (!r.overflow) failures.push('precondition: the table does not overflow at 360px');
    if (!r.cue) failures.push('an overflowing table shows no scroll cue');
    if (!r.focusable) failures.push('an overflowing table cannot be scrolled with the keyboard');
    if (!r.link || r.link !== r.img) failures.push(`diagram is not a link to itself (${r.link})`);
    if (!/full size/i.test(r.label)) failures.push(`diagram link says "${r.label}"`);
    // Reflow at 320 CSS px: nothing wider than the window.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const p of ['index.html', 'welcome.html', 'practice.html', 'assessment.html']) {
      await open(page, out.learner.url(p));
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) failures.push(`${p} at 320px is ${w}px wide`);
    }
  });
  fail(failures);
});

test('print: no footnote arrows, no visited colours, an answer key for the facilitator', { timeout: TIMEOUT }, async () => {
  const failures = [];
  await withPage({}, async (page) => {
    await open(page, out.learner.url('welcome.html'));
    await open(page, out.learner.url('index.html'));
    await page.emulateMedia({ media: 'print' });
    const marker = await page.evaluate(() => {
      const li = document.querySelector('.cs-visited');
      return li ? [getComputedStyle(li, '::marker').color, getComputedStyle(document.body).color] : null;
    });
    if (!marker) failures.push('precondition: no visited lesson on the home page');
    else if (marker[0] !== marker[1]) failures.push(`visited marker prints in ${marker[0]}, text in ${marker[1]}`);
    await open(page, out.learner.url('welcome.html'));
    const arrows = await page.evaluate(() => [...document.querySelectorAll('.footnote-backref')].filter((a) => a.getBoundingClientRect().width > 0).length);
    if (arrows) failures.push(`${arrows} footnote back-arrows print`);
    await open(page, out.learner.url('assessment.html') + '?answers');
    const k = await page.evaluate(() => [...document.querySelectorAll('.cs-q')].map((q) => {
      const key = q.querySelector('.cs-q__key');
      return key && key.getBoundingClientRect().height > 0 ? key.textContent : null;
    }));
    if (k.length !== 2 || k.some((x) => !x || !/Correct answer/.test(x))) failures.push(`answer key in print: ${JSON.stringify(k)}`);
    if (!/Smile and raise a hand/.test(k[0] || '')) failures.push(`answer key names "${k[0]}"`);
    await page.emulateMedia({ media: 'screen' });
    const bar = await page.locator('.cs-answer-key__print').isVisible();
    if (!bar) failures.push('?answers shows no print button');
    await axe(page, 'answer key', failures);
  });
  fail(failures);
});

// --- media ------------------------------------------------------------------

test('media: video with captions and audio with transcript play from the course folder', { timeout: TIMEOUT }, async () => {
  const failures = [];
  for (const f of ['media/greeting.webm', 'media/greeting.vtt', 'media/hold-tone.wav']) {
    if (!fs.existsSync(path.join(out.learner.dir, f))) failures.push(`${f} not copied into the output`);
  }
  await withPage({}, async (page) => {
    await open(page, out.learner.url('welcome.html'));
    const r = await page.evaluate(async () => {
      const v = document.querySelector('.cs-media--video video');
      const a = document.querySelector('.cs-media--audio audio');
      const track = v && v.querySelector('track[kind="captions"]');
      const wait = (m) => new Promise((res) => {
        if (m.readyState >= 1) return res(true);
        m.addEventListener('loadedmetadata', () => res(true), { once: true });
        m.addEventListener('error', () => res(false), { once: true });
        setTimeout(() => res(false), 5000);
      });
      const vok = v ? await wait(v) : false;
      const aok = a ? await wait(a) : false;
      if (track) track.track.mode = 'showing';
      await new Promise((res) => setTimeout(res, 500));
      return {
        vok, aok,
        cues: track && track.track.cues ? track.track.cues.length : 0,
        transcript: document.querySelector('.cs-media--audio .cs-media__transcript')?.textContent || '',
      };
    });
    if (!r.vok) failures.push('video did not load from file://');
    if (!r.aok) failures.push('audio did not load from file://');
    if (r.cues !== 2) failures.push(`captions track has ${r.cues} cues, expected 2`);
    if (!/once every thirty seconds/.test(r.transcript)) failures.push('audio transcript missing');
    await axe(page, 'media lesson', failures);
  });
  fail(failures);
});

// --- strings, languages, RTL ------------------------------------------------

test('interface strings: en, fr, es, ar complete; a missing one warns and falls back to English', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const dir = path.join(ROOT, 'themes/default/strings');
  const en = readStrings(path.join(dir, 'en.yml'));
  for (const lang of ['fr', 'es', 'ar']) {
    const s = readStrings(path.join(dir, `${lang}.yml`));
    for (const k of Object.keys(en)) if (!(k in s)) failures.push(`${lang}.yml lacks ${k}`);
    for (const k of Object.keys(s)) if (!(k in en)) failures.push(`${lang}.yml has ${k}, en.yml does not`);
  }
  if (!/[^\x00-\x7f]/.test(fs.readFileSync(path.join(dir, 'ar.yml'), 'utf8'))) failures.push('ar.yml is not in Arabic');
  // A theme whose Spanish file lacks one key.
  const theme = path.join(tmp, 'theme-es');
  fs.cpSync(path.join(ROOT, 'themes/default'), theme, { recursive: true });
  const es = path.join(theme, 'strings/es.yml');
  fs.writeFileSync(es, fs.readFileSync(es, 'utf8').replace(/^quiz_retry:.*\n/m, ''));
  const course = path.join(tmp, 'es-course');
  fs.mkdirSync(course);
  fs.writeFileSync(path.join(course, 'course.yml'), 'title: Curso\nlanguage: es\n');
  fs.writeFileSync(path.join(course, 'hola.md'), '# Hola\n\nTexto.\n');
  const b = await build(course, ['--theme', theme]);
  if (!/warning: interface string missing, English used: quiz_retry/.test(b.log)) failures.push(`no warning for the missing string: ${b.log}`);
  const html = fs.readFileSync(path.join(b.dir, 'hola.html'), 'utf8');
  if (!html.includes('&quot;quiz_retry&quot;') && !html.includes('Ir al contenido')) failures.push('Spanish strings not used');
  // With the full theme: no warning at all.
  const full = await build(course);
  if (/warning/.test(full.log)) failures.push(`Spanish course with the full theme warns: ${full.log}`);
  // A language the theme has no file for.
  fs.writeFileSync(path.join(course, 'course.yml'), 'title: Kurs\nlanguage: de\n');
  const de = await build(course);
  if (!/no strings for language 'de'/.test(de.log)) failures.push(`no warning for a language without strings: ${de.log}`);
  fail(failures);
});

test('Arabic course: dir="rtl", mirrored layout, Arabic strings, zero axe violations light and dark', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const ar = readStrings(path.join(ROOT, 'themes/default/strings/ar.yml'));
  for (const scheme of ['light', 'dark']) {
    await withPage({ colorScheme: scheme }, async (page) => {
      await open(page, out.ar.url('greeting.html'));
      const r = await page.evaluate(() => {
        const side = document.querySelector('.cs-sidenav').getBoundingClientRect();
        const main = document.querySelector('.cs-main').getBoundingClientRect();
        const next = document.querySelector('.cs-pager a[rel="next"]').getBoundingClientRect();
        return {
          dir: document.documentElement.dir, lang: document.documentElement.lang,
          sideRight: side.left > main.left,
          nextLeft: next.left < main.left + main.width / 2,
          skip: document.querySelector('.cs-skip').textContent,
          progress: document.querySelector('.cs-progress-text').textContent.replace(/\s+/g, ' ').trim(),
          tableAlign: getComputedStyle(document.querySelector('.cs-body th')).textAlign,
        };
      });
      if (r.dir !== 'rtl' || r.lang !== 'ar') failures.push(`html lang=${r.lang} dir=${r.dir}`);
      if (!r.sideRight) failures.push('the outline is not on the right');
      if (!r.nextLeft) failures.push('"Next" is not on the left');
      if (r.skip !== ar.skip_to_content) failures.push(`skip link "${r.skip}"`);
      if (!r.progress.startsWith(ar.lesson)) failures.push(`progress "${r.progress}"`);
      if (/left/.test(r.tableAlign)) failures.push(`table headers align ${r.tableAlign}`);
      await axe(page, `ar lesson ${scheme}`, failures);
      await open(page, out.ar.url('check.html'));
      await page.locator('.cs-choice label').first().click();
      await page.click('.cs-quiz__submit');
      await axe(page, `ar quiz checked ${scheme}`, failures);
      await open(page, out.ar.url('index.html'));
      await axe(page, `ar home ${scheme}`, failures);
      await page.setViewportSize({ width: 320, height: 640 });
      for (const p of ['index.html', 'greeting.html', 'check.html']) {
        await open(page, out.ar.url(p));
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > 320) failures.push(`ar ${p} at 320px is ${w}px wide`);
      }
    });
  }
  fail(failures);
});

test('axe-core: the fixture course in every state, light and dark, desktop and phone', { timeout: TIMEOUT }, async () => {
  const failures = [];
  for (const scheme of ['light', 'dark']) {
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage({ colorScheme: scheme, viewport }, async (page) => {
        const what = `${scheme} ${viewport.width}px`;
        for (const p of ['index.html', 'welcome.html']) {
          await open(page, out.learner.url(p));
          await axe(page, `${p} ${what}`, failures);
        }
        await open(page, out.learner.url('practice.html'));
        const sel = page.locator('#cs-quiz-practice-check .cs-match select');
        for (let i = 0; i < await sel.count(); i++) {
          await sel.nth(i).selectOption({ index: (i + 1) % 3 + 1 });
        }
        await page.locator('#cs-q-practice-check-q1 .cs-choice label').nth(1).click();
        await page.click('#cs-quiz-practice-check .cs-quiz__submit');
        await page.click('#cs-sc-desk-wait .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="0"]');
        await axe(page, `practice checked, role-play mid-way ${what}`, failures);
        await open(page, out.learner.url('assessment.html'));
        await page.click('#cs-quiz-desk-assessment .cs-quiz__submit');
        await axe(page, `assessment failed ${what}`, failures);
      });
    }
  }
  fail(failures);
});

// --- the second theme ---------------------------------------------------------

test('studio theme: same courses, a clearly different look, zero axe violations light and dark, LTR and RTL', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const st = await build('tests/learner', ['--theme', 'themes/studio']);
  const star = await build('tests/rtl-ar', ['--theme', 'themes/studio']);
  const look = async (page, url) => {
    await open(page, url);
    return page.evaluate(() => ({
      font: getComputedStyle(document.body).fontFamily,
      header: getComputedStyle(document.querySelector('.cs-header')).backgroundColor,
      bg: getComputedStyle(document.body).backgroundColor,
      radius: getComputedStyle(document.querySelector('.cs-lesson-header') || document.querySelector('.cs-hero')).borderTopLeftRadius,
    }));
  };
  await withPage({}, async (page) => {
    const a = await look(page, out.learner.url('welcome.html'));
    const b = await look(page, st.url('welcome.html'));
    for (const k of Object.keys(a)) if (a[k] === b[k]) failures.push(`studio has the default theme's ${k}: ${a[k]}`);
  });
  for (const scheme of ['light', 'dark']) {
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage({ colorScheme: scheme, viewport }, async (page) => {
        const what = `studio ${scheme} ${viewport.width}px`;
        for (const p of ['index.html', 'welcome.html']) {
          await open(page, st.url(p));
          await axe(page, `${p} ${what}`, failures);
        }
        await open(page, st.url('practice.html'));
        await page.locator('#cs-q-practice-check-q1 .cs-choice label').nth(1).click();
        await page.click('#cs-quiz-practice-check .cs-quiz__submit');
        await page.click('#cs-sc-desk-wait .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="1"]');
        await axe(page, `practice checked, role-play mid-way ${what}`, failures);
        await open(page, st.url('assessment.html') + '?answers');
        await axe(page, `answer key ${what}`, failures);
        for (const p of ['index.html', 'greeting.html', 'check.html']) {
          await open(page, star.url(p));
          if (p === 'check.html') {
            await page.locator('.cs-choice label').first().click();
            await page.click('.cs-quiz__submit');
          }
          await axe(page, `ar ${p} ${what}`, failures);
        }
        if (viewport === DESKTOP) {
          await open(page, star.url('greeting.html'));
          const right = await page.evaluate(() => document.querySelector('.cs-sidenav').getBoundingClientRect().left >
            document.querySelector('.cs-main').getBoundingClientRect().left);
          if (!right) failures.push(`${what}: the Arabic outline is not on the right`);
        }
      });
    }
  }
  fail(failures);
});

test('studio theme: the English sample course, zero axe violations light and dark; reflow at 320 px', { timeout: TIMEOUT }, async () => {
  const failures = [];
  const st = await build('tests/learner', ['--theme', 'themes/studio']);
  // The English sample course in the studio theme, light and dark.
  const sh = await build('courses/healthcare-soft-skills', ['--theme', 'themes/studio']);
  for (const scheme of ['light', 'dark']) {
    await withPage({ colorScheme: scheme }, async (page) => {
      for (const p of ['index.html', 'patient-journeys/mapping-the-journey.html', 'de-escalation/role-play-billing.html',
        'cultural-understanding/plain-language.html', 'final-assessment/measuring-the-training.html']) {
        await open(page, sh.url(p));
        await axe(page, `studio healthcare ${p} ${scheme}`, failures);
      }
    });
  }
  await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
    for (const p of ['index.html', 'welcome.html', 'practice.html', 'assessment.html']) {
      await open(page, st.url(p));
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) failures.push(`studio ${p} at 320px is ${w}px wide`);
    }
  });
  fail(failures);
});
