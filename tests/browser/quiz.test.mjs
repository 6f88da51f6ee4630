// Browser tests of the quiz and scenario engine (themes/default/assets/
// quiz.js) against the markup of docs/quiz-runtime.md, from file:// with
// no network:
//
//   compiled course (COURSEC_QUIZ_COURSE, default first-contact): every
//     quiz on every lesson page answered right with the mouse and wrong
//     with the keyboard only (and the other way round), scores, feedback,
//     reveal, events; every scenario along its best and its worst path;
//     axe-core after answering, light and dark.  Skipped (with a note)
//     while the built course has no quiz.
//   hand-written fixture (fixtures/quiz.html + quiz.keys.mjs, keys encoded
//     by support.mjs): the rules one course cannot show all at once:
//     attempts running out, reveal always/passed/end/never, pool draws
//     with a fixed seed, shuffling, case- and space-exact fill-ins,
//     numbers with a decimal comma, Enter in a text field, reload and
//     restore, broken localStorage, French strings, no JavaScript.
//
// Each test uses a fresh browser context (fresh localStorage), blocks and
// reports every non-file:// request, and fails on console errors.
// Run: node --test tests/browser/

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  COURSEC, buildCourse, launchBrowser, newWatchedContext, decodeKey,
  renderFixture, rel,
} from './support.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const QUIZ_COURSE = process.env.COURSEC_QUIZ_COURSE || 'first-contact';
const TEST_TIMEOUT = 10 * 60 * 1000;
const VIEWPORT = { width: 1280, height: 900 };
const EVENT_NAMES = ['lesson', 'question', 'quiz', 'scenario'];

let browser;
let tmpRoot;
let fx;        // the English fixture page
let fxFr;      // the same page with fr.yml strings
let compiled;  // { course, pages: [{ url, file, quizzes: [id], scenarios: [id] }] } | Error | null

before(async () => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'coursec-quiz-'));
  const fxDir = path.join(tmpRoot, 'fixture');
  fx = await renderFixture('quiz', fxDir);
  fxFr = await renderFixture('quiz', fxDir, { lang: 'fr' });
  browser = await launchBrowser();
  compiled = null;
  if (fs.existsSync(COURSEC) && fs.existsSync(path.join('courses', QUIZ_COURSE, 'course.yml'))) {
    try {
      const course = await buildCourse(QUIZ_COURSE, path.join(tmpRoot, 'built'));
      const pages = [];
      const walk = (dir) => {
        for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, d.name);
          if (d.isDirectory()) walk(p);
          else if (d.name.endsWith('.html')) {
            const html = fs.readFileSync(p, 'utf8');
            const quizzes = [...html.matchAll(/<section\b[^>]*\bdata-quiz="([^"]+)"/g)].map((m) => m[1]);
            const scenarios = [...html.matchAll(/<section\b[^>]*\bdata-scenario="([^"]+)"/g)].map((m) => m[1]);
            if (quizzes.length || scenarios.length) pages.push({ file: p, url: pathToFileURL(p).href, quizzes, scenarios });
          }
        }
      };
      walk(course.outDir);
      pages.sort((a, b) => a.file.localeCompare(b.file));
      compiled = { course, pages };
    } catch (e) {
      compiled = e;
    }
  }
});

after(async () => {
  if (browser) await browser.close();
  if (tmpRoot && !process.env.KEEP_OUTPUT) fs.rmSync(tmpRoot, { recursive: true, force: true });
  else if (tmpRoot) console.log(`# output kept in ${tmpRoot}`);
});

// --- Small helpers --------------------------------------------------------

/** Fail with every collected problem at once. */
function report(what, failures, ctx) {
  if (ctx && ctx.problems.length) {
    for (const p of new Set(ctx.problems)) failures.push(p);
    ctx.problems.length = 0;
  }
  if (failures.length) {
    assert.fail(`${what}: ${failures.length} failure(s):\n  - ${failures.join('\n  - ')}`);
  }
}

function check(failures, cond, msg) {
  if (!cond) failures.push(msg);
  return !!cond;
}

/** JSON with sorted object keys, so key order does not matter. */
function canon(v) {
  return JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map((y) => [y, x[y]])) : x));
}

function eq(failures, got, want, msg) {
  const g = canon(got);
  const w = canon(want);
  if (g !== w) failures.push(`${msg}: got ${g}, expected ${w}`);
  return g === w;
}

/** A watched context whose pages collect the engine's events in window.__events. */
async function quizContext(options = {}) {
  const ctx = await newWatchedContext(browser, { viewport: VIEWPORT, ...options });
  await ctx.addInitScript((names) => {
    window.__events = [];
    // Deferred scripts (quiz.js) have run when DOMContentLoaded fires, and
    // this listener, added first, runs before quiz.js starts up.
    document.addEventListener('DOMContentLoaded', () => {
      if (!window.coursec || typeof window.coursec.on !== 'function') {
        window.__events.push({ name: 'no-api' });
        return;
      }
      for (const n of names) window.coursec.on(n, (e) => window.__events.push({ name: n, ...e }));
    });
  }, EVENT_NAMES);
  return ctx;
}

const getEvents = (page, name) => page.evaluate((n) => (window.__events || []).filter((e) => !n || e.name === n), name || null);
const clearEvents = (page) => page.evaluate(() => { if (window.__events) window.__events.length = 0; });

/** Order of ids such as c0, c10, L2 by their number. */
function idCompare(a, b) {
  const na = parseInt(String(a).replace(/^\D+/, ''), 10);
  const nb = parseInt(String(b).replace(/^\D+/, ''), 10);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

const cssq = (s) => String(s).replace(/["\\]/g, '\\$&');

/** What the test needs to know of a quiz on the page (key decoded here). */
async function readQuiz(page, id) {
  const info = await page.evaluate((id) => {
    const sec = [...document.querySelectorAll('section.cs-quiz')].find((s) => s.getAttribute('data-quiz') === id);
    if (!sec) return null;
    const script = sec.querySelector('script.cs-quiz__key');
    return {
      id,
      domId: sec.id,
      mode: sec.getAttribute('data-mode'),
      pass: Number(sec.getAttribute('data-pass')),
      attempts: Number(sec.getAttribute('data-attempts')),
      shuffle: sec.getAttribute('data-shuffle') === 'true',
      draw: Number(sec.getAttribute('data-draw')),
      reveal: sec.getAttribute('data-reveal'),
      count: Number(sec.getAttribute('data-count')),
      keyText: script ? script.textContent : null,
      questions: [...sec.querySelectorAll('fieldset.cs-q')].map((f) => ({
        qid: f.getAttribute('data-qid'),
        domId: f.id,
        type: f.getAttribute('data-type'),
        points: Number(f.getAttribute('data-points')),
        hidden: f.hidden,
      })),
    };
  }, id);
  if (!info) throw new Error(`no section.cs-quiz[data-quiz="${id}"] on ${page.url()}`);
  if (info.keyText === null) throw new Error(`quiz ${id}: no script.cs-quiz__key`);
  info.key = decodeKey(id, info.keyText);
  for (const q of info.questions) q.key = info.key.questions[q.qid];
  return info;
}

/** Plan an answer: what to set in each control and the expected event fields. */
function plan(q, how) {
  const k = q.key;
  const right = (k.correct || []).map(String);
  const choiceIds = Object.keys(k.choices || {}).filter((c) => q.type !== 'matching' || /^L/.test(c));
  switch (q.type) {
    case 'single':
    case 'true-false': {
      const ids = q.type === 'true-false' ? ['true', 'false'] : choiceIds.sort(idCompare);
      const v = how === 'correct' ? right[0] : ids.find((c) => !right.includes(c));
      return { kind: 'radio', value: v, response: v };
    }
    case 'likert': {
      const ids = choiceIds.sort(idCompare);
      const v = how === 'correct' ? ids[0] : ids[ids.length - 1];
      return { kind: 'radio', value: v, response: v };
    }
    case 'multiple': {
      const ids = choiceIds.sort(idCompare);
      let set = how === 'correct' ? right : ids.filter((c) => !right.includes(c));
      if (how !== 'correct' && set.length === 0) set = right.slice(1).length ? right.slice(1) : [];
      set = [...set].sort(idCompare);
      return { kind: 'checks', values: set, response: set.join(',') };
    }
    case 'fill-in': {
      const v = how === 'correct' ? k.answers[0] : 'zzz wrong answer';
      return { kind: 'text', value: v, response: v };
    }
    case 'numeric': {
      const x = how === 'correct' ? (k.min === k.max ? k.min : (k.min + k.max) / 2) : k.max + 1000;
      return { kind: 'text', value: String(x), response: String(x) };
    }
    case 'matching': {
      const lefts = Object.keys(k.pairs).sort(idCompare);
      const rights = lefts.map((l) => k.pairs[l]);
      const map = {};
      lefts.forEach((l, i) => { map[l] = how === 'correct' ? rights[i] : rights[(i + 1) % rights.length]; });
      return { kind: 'match', map, response: lefts.map((l) => `${l}.${map[l]}`).join(',') };
    }
    case 'ordering': {
      const order = how === 'correct' ? k.order.slice() : k.order.slice().reverse();
      const pos = {};
      order.forEach((id, i) => { pos[id] = String(i + 1); });
      return { kind: 'order', pos, response: order.join(',') };
    }
    default:
      throw new Error(`unknown question type ${q.type}`);
  }
}

function correctForm(q) {
  const k = q.key;
  switch (q.type) {
    case 'single': case 'true-false': case 'multiple':
      return (k.correct || []).map(String).sort(idCompare).join(',');
    case 'fill-in': return k.answers[0];
    case 'numeric': return k.min === k.max ? String(k.min) : `${k.min}[:]${k.max}`;
    case 'matching': return Object.keys(k.pairs).sort(idCompare).map((l) => `${l}.${k.pairs[l]}`).join(',');
    case 'ordering': return k.order.join(',');
    default: return '';
  }
}

/** Everything about the focused element, for focus checks. */
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const cls = el.getAttribute('class');
  return {
    desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls.trim().split(/\s+/).join('.') : ''}` +
      ` "${(el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`,
    indicator: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (!!cs.boxShadow && cs.boxShadow !== 'none'),
    style: `outline: ${cs.outlineStyle} ${cs.outlineWidth}; box-shadow: ${cs.boxShadow}`,
    visible: r.width > 1 && r.height > 1 && cs.visibility !== 'hidden',
  };
}

/** Press Tab until the focused element matches selector; check every stop. */
async function tabTo(page, selector, failures, limit = 250) {
  for (let i = 0; i <= limit; i++) {
    const hit = await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector);
    // Only where Tab brought the focus: after a mouse click the browser
    // rightly draws no ring on a control focused by script.
    if (hit && i === 0) return true;
    if (hit) {
      const f = await page.evaluate(focusInfo);
      if (f && !f.indicator) failures.push(`focused ${f.desc} has no visible focus indicator (${f.style})`);
      if (f && !f.visible) failures.push(`focused ${f.desc} is not visible`);
      return true;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${limit} Tab presses never reached ${selector} (focus: ${(await page.evaluate(focusInfo))?.desc || 'body'})`);
}

/** Answer one question with the mouse (clicks on labels, typing, select). */
async function answerMouse(page, q, p) {
  const fs_ = `#${cssq(q.domId)}`;
  switch (p.kind) {
    case 'radio':
      await page.locator(`${fs_} input[value="${cssq(p.value)}"]`).evaluate((i) => i.labels[0].setAttribute('data-test-label', '1'));
      await page.click(`${fs_} label[data-test-label]`);
      await page.locator(`${fs_} label[data-test-label]`).evaluate((l) => l.removeAttribute('data-test-label'));
      break;
    case 'checks': {
      const boxes = page.locator(`${fs_} input[type="checkbox"]`);
      for (let i = 0; i < await boxes.count(); i++) {
        const b = boxes.nth(i);
        const want = p.values.includes(await b.getAttribute('value'));
        if (want !== await b.isChecked()) await b.click();
      }
      break;
    }
    case 'text': {
      const input = page.locator(`${fs_} input[type="text"]`);
      await input.click();
      await input.fill('');
      await page.keyboard.type(p.value);
      break;
    }
    case 'match':
      for (const [l, r] of Object.entries(p.map)) await page.selectOption(`${fs_} select[data-left="${l}"]`, r);
      break;
    case 'order':
      for (const [id, pos] of Object.entries(p.pos)) await page.selectOption(`${fs_} select[data-item="${id}"]`, pos);
      break;
  }
}

/** Answer one question with the keyboard only (Tab, arrows, Space, typing). */
async function answerKeyboard(page, q, p, failures) {
  const fs_ = `#${cssq(q.domId)}`;
  switch (p.kind) {
    case 'radio': {
      await tabTo(page, `${fs_} input[type="radio"]`, failures);
      const st = await page.evaluate(([sel, v]) => {
        const all = [...document.querySelectorAll(sel)];
        return { cur: all.indexOf(document.activeElement), want: all.findIndex((i) => i.value === v), checked: document.activeElement.checked };
      }, [`${fs_} input[type="radio"]`, p.value]);
      if (st.cur === st.want) {
        if (!st.checked) await page.keyboard.press('Space');
      } else {
        const key = st.want > st.cur ? 'ArrowDown' : 'ArrowUp';
        for (let i = 0; i < Math.abs(st.want - st.cur); i++) await page.keyboard.press(key);
      }
      break;
    }
    case 'checks': {
      const ids = await page.$$eval(`${fs_} input[type="checkbox"]`, (l) => l.map((i) => [i.id, i.value, i.checked]));
      for (const [id, value, checked] of ids) {
        const want = p.values.includes(value);
        if (want === checked) continue;
        await tabTo(page, `#${cssq(id)}`, failures);
        await page.keyboard.press('Space');
      }
      break;
    }
    case 'text':
      await tabTo(page, `${fs_} input[type="text"]`, failures);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type(p.value);
      break;
    case 'match':
    case 'order': {
      const attr = p.kind === 'match' ? 'data-left' : 'data-item';
      const want = p.kind === 'match' ? p.map : p.pos;
      const sels = await page.$$eval(`${fs_} select[${attr}]`, (l, a) => l.map((s) => ({
        id: s.id, key: s.getAttribute(a), cur: s.selectedIndex, values: [...s.options].map((o) => o.value),
      })), attr);
      for (const s of sels) {
        const target = s.values.indexOf(want[s.key]);
        if (target < 0) throw new Error(`${q.qid}: no option ${want[s.key]} in #${s.id}`);
        await tabTo(page, `#${cssq(s.id)}`, failures);
        const key = target > s.cur ? 'ArrowDown' : 'ArrowUp';
        for (let i = 0; i < Math.abs(target - s.cur); i++) await page.keyboard.press(key);
      }
      break;
    }
  }
  // Check what the keys did.
  const got = await page.evaluate((sel) => {
    const f = document.querySelector(sel);
    return {
      checked: [...f.querySelectorAll('input:checked')].map((i) => i.value),
      text: f.querySelector('input[type="text"]')?.value ?? null,
      selects: Object.fromEntries([...f.querySelectorAll('select')].map((s) => [s.getAttribute('data-left') || s.getAttribute('data-item'), s.value])),
    };
  }, fs_);
  const ok = p.kind === 'radio' ? JSON.stringify(got.checked) === JSON.stringify([p.value])
    : p.kind === 'checks' ? JSON.stringify([...got.checked].sort(idCompare)) === JSON.stringify(p.values)
      : p.kind === 'text' ? got.text === p.value
        : JSON.stringify(Object.keys(p.map || p.pos).map((k) => got.selects[k])) === JSON.stringify(Object.values(p.map || p.pos));
  if (!ok) failures.push(`${q.qid}: the keyboard did not set the answer ${JSON.stringify(p)}; the form has ${JSON.stringify(got)}`);
}

/** Submit a quiz with the mouse or the keyboard. */
async function submit(page, quiz, via, failures) {
  const sel = `#${cssq(quiz.domId)} .cs-quiz__submit`;
  if (via === 'keyboard') {
    await tabTo(page, sel, failures);
    await page.keyboard.press('Enter');
  } else {
    await page.click(sel);
  }
}

/** Read the result of a quiz after a check. */
async function readResult(page, quiz) {
  return page.evaluate((id) => {
    const sec = document.getElementById(id);
    // ASCII white space only: U+00A0 and U+202F are part of the text.
    const txt = (e) => (e ? e.textContent.replace(/[ \t\n\r\f]+/g, ' ').trim() : null);
    const status = sec.querySelector('.cs-quiz__status');
    return {
      status: txt(status),
      statusRole: status && status.getAttribute('role'),
      statusLive: status && status.getAttribute('aria-live'),
      focusInStatus: document.activeElement === status,
      active: document.activeElement ? `${document.activeElement.tagName.toLowerCase()}.${document.activeElement.className}` : null,
      info: txt(sec.querySelector('.cs-quiz__info')),
      retryVisible: !!sec.querySelector('.cs-quiz__retry') && !sec.querySelector('.cs-quiz__retry').hidden,
      submitVisible: !sec.querySelector('.cs-quiz__submit').hidden,
      enabled: [...sec.querySelectorAll('fieldset.cs-q:not([hidden]) :is(input, select)')].filter((c) => !c.disabled).length,
      questions: [...sec.querySelectorAll('fieldset.cs-q')].map((f) => ({
        qid: f.getAttribute('data-qid'),
        hidden: f.hidden,
        state: ['correct', 'incorrect', 'neutral'].find((s) => f.classList.contains('cs-q--' + s)) || null,
        unanswered: f.classList.contains('cs-q--unanswered'),
        result: txt(f.querySelector('.cs-q__result')),
        icon: txt(f.querySelector('.cs-q__result .cs-q__icon')),
        iconHidden: f.querySelector('.cs-q__result .cs-q__icon')?.getAttribute('aria-hidden') === 'true',
        feedback: txt(f.querySelector('.cs-q__feedback')),
        hasKey: !!f.querySelector('.cs-q__key'),
        keyText: txt(f.querySelector('.cs-q__key')),
        tags: [...f.querySelectorAll('.cs-choice__tag')].map((t) => t.closest('.cs-choice').querySelector('input').value),
        num: txt(f.querySelector('.cs-q__num')),
        order: [...f.querySelectorAll('.cs-choice input, .cs-order__item')].map((i) => i.value || i.getAttribute('data-item')),
      })),
    };
  }, quiz.domId);
}

const plainOf = (html) => String(html || '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, '\u00a0')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  .replace(/[ \t\n\r\f]+/g, ' ').trim();

/** Whether the text shown contains the HTML's text (white space ignored:
 *  element boundaries add or drop spaces). */
const squash = (t) => String(t || '').replace(/[ \t\n\r\f]+/g, '');
const has = (shown, html) => squash(shown).includes(squash(plainOf(html)));

/** Whether the answers are to be revealed after this check. */
function revealExpected(quiz, passedEver, outOfAttempts) {
  switch (quiz.reveal) {
    case 'always': return true;
    case 'passed': return passedEver;
    case 'end': return passedEver || outOfAttempts;
    default: return false;
  }
}

/**
 * Answer every visible question of a quiz (right or wrong), check it, and
 * verify the result, the feedback, the reveal rule and the events.
 * Returns { res, questionEvents, quizEvent }.
 */
async function runQuiz(page, quizId, { how, via, attempt = 1, passedBefore = false, failures, where }) {
  const quiz = await readQuiz(page, quizId);
  const visible = quiz.questions.filter((q) => !q.hidden);
  const tag = `${where} quiz ${quizId} (${how}, ${via}, attempt ${attempt})`;
  if (quiz.draw > 0 && quiz.draw < quiz.questions.length) {
    eq(failures, visible.length, quiz.draw, `${tag}: visible questions with data-draw=${quiz.draw}`);
  } else {
    eq(failures, visible.length, quiz.questions.length, `${tag}: visible questions`);
  }
  await clearEvents(page);
  const plans = new Map();
  for (const q of visible) {
    const p = plan(q, how);
    plans.set(q.qid, p);
    if (via === 'keyboard') await answerKeyboard(page, q, p, failures);
    else await answerMouse(page, q, p);
  }
  await submit(page, quiz, via, failures);
  const res = await readResult(page, quiz);

  const scored = visible.filter((q) => q.type !== 'likert');
  const max = scored.reduce((s, q) => s + (q.key.points ?? 1), 0);
  const raw = how === 'correct' ? max : 0;
  const score = max > 0 ? Math.floor((raw * 100) / max) : 100;
  const passed = score >= quiz.pass;
  const passedEver = passedBefore || (max > 0 && passed);
  const left = quiz.mode === 'graded' && quiz.attempts > 0 ? Math.max(0, quiz.attempts - attempt) : null;
  const reveal = revealExpected(quiz, passedEver, left === 0);

  check(failures, res.focusInStatus, `${tag}: focus after the check is on ${res.active}, not the quiz status`);
  check(failures, res.statusRole === 'status' && res.statusLive === 'polite', `${tag}: status lost role=status/aria-live=polite`);
  if (max > 0) check(failures, res.status && res.status.includes(`${score}%`), `${tag}: status "${res.status}" does not give the score ${score}%`);
  // Only a graded quiz passes or fails; a practice check says it is practice.
  if (max > 0 && quiz.mode === 'graded') check(failures, res.status && res.status.includes(passed ? 'Passed' : 'Not passed'), `${tag}: status "${res.status}" does not say ${passed ? 'Passed' : 'Not passed'}`);
  else if (max > 0) check(failures, res.status && !/passed/i.test(res.status) && /Practice/.test(res.status), `${tag}: practice status "${res.status}" grades the learner or lacks the practice note`);
  else check(failures, res.status && res.status.includes('Thank you'), `${tag}: status "${res.status}" of an unscored quiz does not thank`);
  if (left !== null) {
    check(failures, res.status.includes(left > 0 ? `Attempts left: ${left}` : 'No attempts left'), `${tag}: status "${res.status}" does not say the attempts left (${left})`);
    eq(failures, res.retryVisible, left > 0, `${tag}: "Try again" shown`);
    if (left === 0) eq(failures, res.enabled, 0, `${tag}: enabled controls once out of attempts`);
  } else {
    check(failures, res.retryVisible, `${tag}: no "Try again" button after the check`);
  }
  check(failures, !res.submitVisible, `${tag}: the check button is still shown after the check`);

  for (const q of visible) {
    const r = res.questions.find((x) => x.qid === q.qid);
    const k = q.key;
    const qt = `${tag} ${q.qid} (${q.type})`;
    if (q.type === 'likert') {
      eq(failures, r.state, 'neutral', `${qt}: state`);
      check(failures, /recorded/i.test(r.result || ''), `${qt}: result "${r.result}" does not say the answer is recorded`);
    } else if (how === 'correct') {
      eq(failures, r.state, 'correct', `${qt}: state`);
      check(failures, r.result && r.result.includes('Correct') && r.icon === '✓' && r.iconHidden, `${qt}: result "${r.result}" lacks the ✓ icon (aria-hidden) and the word Correct`);
      if (k.correct_fb) check(failures, has(r.feedback, k.correct_fb), `${qt}: correct feedback "${plainOf(k.correct_fb)}" not shown (feedback: "${r.feedback}")`);
      if (k.incorrect_fb) check(failures, !has(r.feedback, k.incorrect_fb), `${qt}: incorrect feedback shown for a right answer`);
      check(failures, !r.hasKey && r.tags.length === 0, `${qt}: correct answer revealed for a right answer`);
    } else {
      eq(failures, r.state, 'incorrect', `${qt}: state`);
      check(failures, r.result && r.result.includes('Incorrect') && r.icon === '✗' && r.iconHidden, `${qt}: result "${r.result}" lacks the ✗ icon (aria-hidden) and the word Incorrect`);
      if (k.incorrect_fb) check(failures, has(r.feedback, k.incorrect_fb), `${qt}: incorrect feedback "${plainOf(k.incorrect_fb)}" not shown (feedback: "${r.feedback}")`);
      if (k.correct_fb) check(failures, !has(r.feedback, k.correct_fb), `${qt}: correct feedback shown for a wrong answer`);
      eq(failures, r.hasKey, reveal, `${qt}: correct answer revealed (reveal=${quiz.reveal})`);
      if (['single', 'multiple', 'true-false'].includes(q.type)) {
        eq(failures, [...r.tags].sort(idCompare), reveal ? k.correct.map(String).sort(idCompare) : [], `${qt}: choices tagged "correct answer"`);
      }
      if (reveal && q.type === 'fill-in') check(failures, r.keyText.includes(k.answers[0]), `${qt}: revealed "${r.keyText}" lacks ${k.answers[0]}`);
    }
    // Per-choice / per-item feedback.
    const p = plans.get(q.qid);
    const fb = k.feedback || {};
    let shown = [];
    if (p.kind === 'radio') shown = [p.value];
    else if (p.kind === 'checks') shown = p.values;
    else if (how !== 'correct' && p.kind === 'match') shown = Object.keys(p.map).filter((l) => p.map[l] !== k.pairs[l]);
    else if (how !== 'correct' && p.kind === 'order') shown = Object.keys(p.pos).filter((id) => p.pos[id] !== String(k.order.indexOf(id) + 1));
    for (const id of shown) {
      if (fb[id]) check(failures, has(r.feedback, fb[id]), `${qt}: feedback of the chosen ${id} "${plainOf(fb[id])}" not shown (feedback: "${r.feedback}")`);
    }
    for (const id of Object.keys(fb)) {
      if (!shown.includes(id) && fb[id] && !(p.kind === 'match' && shown.includes(Object.keys(k.pairs).find((l) => k.pairs[l] === id)))) {
        check(failures, !has(r.feedback, fb[id]), `${qt}: feedback of ${id} shown though it was not chosen`);
      }
    }
    if (k.explanation) check(failures, has(r.feedback, k.explanation), `${qt}: explanation not shown`);
  }

  // Events.
  const qev = await getEvents(page, 'question');
  const zev = await getEvents(page, 'quiz');
  eq(failures, qev.map((e) => e.question), visible.map((q) => q.qid), `${tag}: question events`);
  for (const e of qev) {
    const q = visible.find((x) => x.qid === e.question);
    if (!q) continue;
    const qt = `${tag} question event ${e.question}`;
    const p = plans.get(q.qid);
    eq(failures, e.quiz, quizId, `${qt}: quiz`);
    eq(failures, e.type, q.type, `${qt}: type`);
    eq(failures, e.text, q.key.text, `${qt}: text`);
    eq(failures, e.response, p.response, `${qt}: response`);
    eq(failures, e.correct, correctForm(q), `${qt}: correct`);
    eq(failures, e.result, q.type === 'likert' ? 'neutral' : how === 'correct' ? 'correct' : 'incorrect', `${qt}: result`);
    eq(failures, e.points, q.type === 'likert' ? 0 : (q.key.points ?? 1), `${qt}: points`);
    eq(failures, e.score, q.type !== 'likert' && how === 'correct' ? (q.key.points ?? 1) : 0, `${qt}: score`);
    eq(failures, e.attempt, attempt, `${qt}: attempt`);
    check(failures, Number.isInteger(e.latency) && e.latency >= 0 && e.latency < 10 * 60 * 1000, `${qt}: latency ${e.latency} is not a plausible number of ms`);
    check(failures, typeof e.timestamp === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(e.timestamp) && Math.abs(Date.parse(e.timestamp) - Date.now()) < 60000, `${qt}: timestamp ${e.timestamp} is not a current ISO 8601 time`);
  }
  if (eq(failures, zev.length, 1, `${tag}: quiz events`)) {
    eq(failures, zev[0], { name: 'quiz', quiz: quizId, mode: quiz.mode, score, raw, max, passed, attempt, attemptsLeft: left }, `${tag}: quiz event`);
  }
  return { quiz, res, qev, zev, score, passed, left };
}

/** Press "Try again" (mouse or keyboard) and check the fresh attempt. */
async function tryAgain(page, quizId, via, failures, where) {
  const quiz = await readQuiz(page, quizId);
  const sel = `#${cssq(quiz.domId)} .cs-quiz__retry`;
  if (via === 'keyboard') {
    // From the status (focused after the check), the button is the next
    // Tab stop: the result reads before the buttons.
    await page.keyboard.press('Tab');
    const on = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), sel);
    if (!on) {
      failures.push(`${where}: Tab from the quiz status does not reach "Try again"`);
      await page.focus(sel);
    }
    await page.keyboard.press('Enter');
  } else {
    await page.click(sel);
  }
  const st = await page.evaluate((id) => {
    const sec = document.getElementById(id);
    return {
      feedback: [...sec.querySelectorAll('.cs-q__feedback')].map((f) => f.textContent.trim()).join(''),
      status: sec.querySelector('.cs-quiz__status').textContent.trim(),
      checked: sec.querySelectorAll('input:checked').length,
      filled: [...sec.querySelectorAll('input[type="text"], select')].filter((i) => i.value !== '').length,
      disabled: sec.querySelectorAll(':is(input, select):disabled').length,
      focusIn: !!document.activeElement && !!document.activeElement.closest('fieldset.cs-q:not([hidden])') &&
        sec.contains(document.activeElement),
      retry: !sec.querySelector('.cs-quiz__retry').hidden,
      submit: !sec.querySelector('.cs-quiz__submit').hidden,
    };
  }, quiz.domId);
  eq(failures, st, { feedback: '', status: '', checked: 0, filled: 0, disabled: 0, focusIn: true, retry: false, submit: true },
    `${where}: state after "Try again"`);
  if (via === 'keyboard') {
    const f = await page.evaluate(focusInfo);
    check(failures, f && f.indicator, `${where}: after "Try again" by keyboard, ${f ? f.desc : 'nothing'} is focused without a visible indicator`);
  }
}

/** Run axe on the page; push violations. */
async function runAxe(page, failures, where) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const res = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    preload: false,
  }).then((r) => ({
    passes: r.passes.length,
    violations: r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 140)}${n.failureSummary ? '\n          ' + n.failureSummary.split('\n').slice(1, 3).join(' ').trim() : ''}`),
    })),
  })), AXE_TAGS);
  for (const v of res.violations) {
    failures.push(`[${v.impact}] ${v.id} (${v.help}) on ${where}, ${v.nodes.length} node(s):\n        ${v.nodes.join('\n        ')}`);
  }
  return res.passes;
}

/** Read the scenario's key and compute its best and worst paths to an ending. */
async function readScenario(page, id) {
  const info = await page.evaluate((id) => {
    const sec = [...document.querySelectorAll('section.cs-scenario')].find((s) => s.getAttribute('data-scenario') === id);
    if (!sec) return null;
    return {
      id, domId: sec.id, start: sec.getAttribute('data-start'), best: Number(sec.getAttribute('data-best')),
      keyText: sec.querySelector('script.cs-scenario__key')?.textContent ?? null,
    };
  }, id);
  if (!info) throw new Error(`no section.cs-scenario[data-scenario="${id}"] on ${page.url()}`);
  info.key = decodeKey(id, info.keyText);
  const nodes = info.key.nodes;
  const isEnd = (n) => nodes[n].end || !(nodes[n].choices || []).length;
  const paths = [];
  const dfs = (n, seen, choices, pts) => {
    if (paths.length > 5000) return;
    if (isEnd(n)) { paths.push({ choices, nodes: [...seen], raw: pts, outcome: nodes[n].outcome || 'neutral' }); return; }
    nodes[n].choices.forEach((c, i) => {
      if (seen.includes(c.target)) return;
      dfs(c.target, [...seen, c.target], [...choices, i], pts + (Number(c.points) || 0));
    });
  };
  dfs(info.start, [info.start], [], 0);
  paths.sort((a, b) => b.raw - a.raw || a.choices.length - b.choices.length);
  info.bestPath = paths[0];
  // Worst: lowest score, preferring a "bad" ending.
  info.worstPath = [...paths].sort((a, b) => (a.outcome === 'bad' ? 0 : 1) - (b.outcome === 'bad' ? 0 : 1) || a.raw - b.raw)[0];
  return info;
}

/** Play a scenario along a path with the mouse or the keyboard and check each step. */
async function playScenario(page, sc, pathInfo, via, failures, where) {
  const sel = `#${cssq(sc.domId)}`;
  await clearEvents(page);
  let node = sc.start;
  let raw = 0;
  const percent = (r) => (sc.key.best > 0 ? Math.max(0, Math.min(100, Math.floor((r * 100) / sc.key.best))) : 100);
  for (let step = 0; step < pathInfo.choices.length; step++) {
    const i = pathInfo.choices[step];
    const c = sc.key.nodes[node].choices[i];
    const btn = `${sel} .cs-scenario__node:not([hidden]) button.cs-scenario__choice[data-choice="${i}"]`;
    if (via === 'keyboard') {
      await tabTo(page, btn, failures);
      await page.keyboard.press(step % 2 ? 'Space' : 'Enter');
    } else {
      await page.click(btn);
    }
    raw += Number(c.points) || 0;
    node = c.target;
    const st = await page.evaluate((id) => {
      const sec = document.getElementById(id);
      const vis = [...sec.querySelectorAll('.cs-scenario__node')].filter((n) => !n.hidden && n.offsetParent !== null);
      const txt = (e) => (e ? e.textContent.replace(/[ \t\n\r\f]+/g, ' ').trim() : null);
      const end = sec.querySelector('.cs-scenario__end');
      return {
        visible: vis.map((n) => n.getAttribute('data-node')),
        focusOnText: !!document.activeElement && document.activeElement.matches('.cs-scenario__text') &&
          vis.length === 1 && vis[0].contains(document.activeElement),
        active: document.activeElement ? document.activeElement.className : null,
        status: txt(sec.querySelector('.cs-scenario__status')),
        feedback: txt(vis[0] && vis[0].querySelector('.cs-scenario__feedback')),
        end: end && !end.closest('[hidden]') ? {
          cls: end.className, outcome: txt(end.querySelector('.cs-scenario__outcome')),
          score: txt(end.querySelector('.cs-scenario__score')), again: !!end.querySelector('button.cs-scenario__again'),
        } : null,
      };
    }, sc.domId);
    const t = `${where} scenario ${sc.id} step ${step + 1} (${via})`;
    eq(failures, st.visible, [node], `${t}: visible nodes`);
    check(failures, st.focusOnText, `${t}: focus is on ${st.active}, not the new node's text`);
    check(failures, st.status && st.status.length > 0, `${t}: nothing announced in the status`);
    if (c.feedback) check(failures, st.feedback && has(st.feedback, c.feedback), `${t}: feedback "${plainOf(c.feedback)}" not shown (got "${st.feedback}")`);
    const ended = step === pathInfo.choices.length - 1;
    if (ended) {
      const outcome = sc.key.nodes[node].outcome || 'neutral';
      if (check(failures, st.end, `${t}: no ending box at the end`)) {
        check(failures, st.end.cls.includes(`cs-scenario__end--${outcome}`), `${t}: ending box class "${st.end.cls}" lacks ${outcome}`);
        check(failures, st.end.score.includes(`${percent(raw)}%`), `${t}: ending score "${st.end.score}" lacks ${percent(raw)}%`);
        check(failures, st.end.again, `${t}: no "Play again" button`);
        check(failures, /outcome/i.test(st.end.outcome), `${t}: outcome "${st.end.outcome}" not labelled in words`);
        const words = st.end.outcome.replace(/^[^\p{L}]+/u, '');
        check(failures, st.status.includes(words) && st.status.includes(`${percent(raw)}%`), `${t}: status "${st.status}" does not announce the outcome "${words}" and score`);
      }
    } else {
      check(failures, !st.end, `${t}: ending box before the end`);
    }
  }
  const ev = await getEvents(page, 'scenario');
  const t = `${where} scenario ${sc.id} (${via})`;
  eq(failures, ev.length, pathInfo.choices.length, `${t}: scenario events (one per step)`);
  const last = ev[ev.length - 1];
  if (last) {
    eq(failures, last, {
      name: 'scenario', scenario: sc.id, path: pathInfo.nodes, score: percent(pathInfo.raw), raw: pathInfo.raw,
      best: sc.key.best, outcome: pathInfo.outcome, ended: true,
    }, `${t}: last scenario event`);
    ev.slice(0, -1).forEach((e, i) => {
      eq(failures, [e.ended, e.path], [false, pathInfo.nodes.slice(0, i + 2)], `${t}: event ${i + 1} (ended, path)`);
    });
  }
  return { raw, score: percent(raw) };
}

async function playAgain(page, sc, via, failures, where) {
  const sel = `#${cssq(sc.domId)} .cs-scenario__node:not([hidden]) button.cs-scenario__again`;
  if (via === 'keyboard') {
    await tabTo(page, sel, failures);
    await page.keyboard.press('Enter');
  } else {
    await page.click(sel);
  }
  const st = await page.evaluate((id) => {
    const sec = document.getElementById(id);
    return {
      visible: [...sec.querySelectorAll('.cs-scenario__node')].filter((n) => !n.hidden).map((n) => n.getAttribute('data-node')),
      focus: !!document.activeElement && document.activeElement.matches('.cs-scenario__text'),
      extra: sec.querySelectorAll('.cs-scenario__feedback, .cs-scenario__end').length,
    };
  }, sc.domId);
  eq(failures, st, { visible: [sc.start], focus: true, extra: 0 }, `${where} scenario ${sc.id}: after "Play again"`);
}

// --- The compiled course -------------------------------------------------

describe(`compiled course ${QUIZ_COURSE}`, { timeout: TEST_TIMEOUT }, () => {
  /** Pages with quizzes, or a skip reason. */
  function pagesOrSkip(t, kind) {
    if (compiled instanceof Error) throw compiled;
    if (!compiled) { t.skip(`no compiler at ${COURSEC} or no courses/${QUIZ_COURSE}`); return null; }
    const pages = compiled.pages.filter((p) => p[kind].length);
    if (!pages.length) { t.skip(`the built ${QUIZ_COURSE} has no ${kind} yet (compiler or content not ready)`); return null; }
    return pages;
  }

  test('every quiz: right with the mouse, then wrong with the keyboard only; retry; reload keeps the result', async (t) => {
    const pages = pagesOrSkip(t, 'quizzes');
    if (!pages) return;
    const failures = [];
    const ctx = await quizContext();
    let n = 0;
    try {
      const page = await ctx.newPage();
      for (const pg of pages) {
        const where = rel(compiled.course, pg.url);
        await page.goto(pg.url);
        const lesson = await getEvents(page, 'lesson');
        const bodyIds = await page.evaluate(() => [document.body.getAttribute('data-lesson'), document.body.getAttribute('data-course')]);
        eq(failures, lesson.map(({ lesson: l, course: c }) => [l, c]), [bodyIds], `${where}: lesson events`);
        for (const id of pg.quizzes) {
          const q0 = await readQuiz(page, id);
          // Graded quizzes with few attempts: the right answers first so
          // the wrong run still has an attempt.
          const first = await runQuiz(page, id, { how: 'correct', via: 'mouse', attempt: 1, failures, where });
          if (first.left === 0) { n++; continue; }
          await tryAgain(page, id, 'mouse', failures, `${where} quiz ${id}`);
          const second = await runQuiz(page, id, { how: 'wrong', via: 'keyboard', attempt: 2, passedBefore: first.passed, failures, where });
          let left = second.left;
          let attempt = 2;
          if (left === null) {
            await tryAgain(page, id, 'keyboard', failures, `${where} quiz ${id}`);
          } else {
            // A graded quiz with limited attempts: use them all up.
            while (left > 0 && attempt < 20) {
              await tryAgain(page, id, 'mouse', failures, `${where} quiz ${id}`);
              attempt++;
              left = (await runQuiz(page, id, { how: 'wrong', via: 'mouse', attempt, passedBefore: true, failures, where })).left;
            }
            await page.reload();
            const locked = await readResult(page, q0);
            eq(failures, [locked.enabled, locked.retryVisible, locked.submitVisible, locked.status.endsWith('No attempts left.')],
              [0, false, false, true], `${where} quiz ${id}: out of ${attempt} attempts after a reload (enabled controls, Try again, Check, status)`);
          }
          n++;
          t.diagnostic(`${where}: quiz ${id} (${q0.mode}, ${q0.questions.length} questions${q0.draw ? `, ${q0.draw} drawn` : ''}: ${[...new Set(q0.questions.map((q) => q.type))].join(', ')}) right ${first.score}%, wrong ${second.score}%, ${attempt} attempts`);
        }
        // Reload: the last state comes back (answers, feedback, attempts).
        const before = await page.evaluate(() => [...document.querySelectorAll('section.cs-quiz')].map((s) => s.querySelector('.cs-quiz__status').textContent));
        await page.reload();
        const afterReload = await page.evaluate(() => [...document.querySelectorAll('section.cs-quiz')].map((s) => s.querySelector('.cs-quiz__status').textContent));
        eq(failures, afterReload, before, `${where}: quiz status texts after a reload`);
      }
      check(failures, n > 0, 'no quiz was run');
      const stored = await page.evaluate((k) => localStorage.getItem(k), `coursec:${compiled.course.courseId}:quiz`);
      check(failures, stored && stored.length < 4096 / 2, `stored quiz state is ${stored?.length} chars (SCORM 1.2 suspend_data: 4096 for everything)`);
      t.diagnostic(`stored state after every quiz: ${stored?.length} chars`);
    } finally {
      report(`${QUIZ_COURSE} quizzes`, failures, ctx);
      await ctx.close();
    }
  });

  test('every question type appears in the course, and every quiz key decodes and matches its markup', async (t) => {
    const pages = pagesOrSkip(t, 'quizzes');
    if (!pages) return;
    const failures = [];
    const ctx = await quizContext();
    const types = new Set();
    try {
      const page = await ctx.newPage();
      for (const pg of pages) {
        await page.goto(pg.url);
        for (const id of pg.quizzes) {
          const q = await readQuiz(page, id);
          const w = `${rel(compiled.course, pg.url)} quiz ${id}`;
          eq(failures, q.count, q.questions.length, `${w}: data-count`);
          for (const x of q.questions) {
            types.add(x.type);
            if (!check(failures, x.key, `${w}: question ${x.qid} is not in the key`)) continue;
            eq(failures, x.key.type, x.type, `${w} ${x.qid}: key type vs data-type`);
            check(failures, typeof x.key.text === 'string' && x.key.text.length > 0, `${w} ${x.qid}: key has no plain text`);
          }
        }
      }
      const missing = ['single', 'multiple', 'true-false', 'fill-in', 'numeric', 'matching', 'ordering', 'likert'].filter((x) => !types.has(x));
      check(failures, missing.length === 0, `question types never used in ${QUIZ_COURSE}: ${missing.join(', ')}`);
      t.diagnostic(`types used: ${[...types].join(', ')}`);
    } finally {
      report(`${QUIZ_COURSE} keys`, failures, ctx);
      await ctx.close();
    }
  });

  test('every scenario: best path with the mouse, worst path with the keyboard, play again', async (t) => {
    const pages = pagesOrSkip(t, 'scenarios');
    if (!pages) return;
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      for (const pg of pages) {
        const where = rel(compiled.course, pg.url);
        await page.goto(pg.url);
        for (const id of pg.scenarios) {
          const sc = await readScenario(page, id);
          eq(failures, sc.best, sc.key.best, `${where} scenario ${id}: data-best vs key`);
          const good = await playScenario(page, sc, sc.bestPath, 'mouse', failures, where);
          eq(failures, good.score, 100, `${where} scenario ${id}: score of the best path`);
          await playAgain(page, sc, 'mouse', failures, where);
          const bad = await playScenario(page, sc, sc.worstPath, 'keyboard', failures, where);
          t.diagnostic(`${where}: scenario ${id}: best path ${sc.bestPath.nodes.join(' > ')} = ${good.score}%, worst ${sc.worstPath.nodes.join(' > ')} (${sc.worstPath.outcome}) = ${bad.score}%`);
          await playAgain(page, sc, 'keyboard', failures, where);
        }
      }
    } finally {
      report(`${QUIZ_COURSE} scenarios`, failures, ctx);
      await ctx.close();
    }
  });

  test('axe-core on every quiz page with feedback shown, light and dark', async (t) => {
    const pages = pagesOrSkip(t, 'quizzes');
    if (!pages) return;
    const failures = [];
    const ctx = await quizContext();
    let passes = 0;
    try {
      const page = await ctx.newPage();
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const pg of compiled.pages) {
          await page.goto(pg.url);
          // Wrong answers show the most: per-choice feedback, reveal, tags.
          for (const id of pg.quizzes) {
            const q = await readQuiz(page, id);
            for (const x of q.questions.filter((y) => !y.hidden)) await answerMouse(page, x, plan(x, 'wrong'));
            await page.click(`#${cssq(q.domId)} .cs-quiz__submit`);
          }
          for (const id of pg.scenarios) {
            const sc = await readScenario(page, id);
            for (const i of sc.worstPath.choices) await page.click(`#${cssq(sc.domId)} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="${i}"]`);
          }
          passes += await runAxe(page, failures, `${rel(compiled.course, pg.url)} [${scheme}]`);
          await page.evaluate(() => localStorage.clear());
        }
      }
      t.diagnostic(`axe on ${compiled.pages.length} pages x 2 schemes: ${passes} passed rule checks`);
    } finally {
      report(`${QUIZ_COURSE} axe`, failures, ctx);
      await ctx.close();
    }
  });
});

// --- The fixture page ----------------------------------------------------

describe('fixture page (tests/browser/fixtures/quiz.html)', { timeout: TEST_TIMEOUT }, () => {
  test('every type right with the mouse, then wrong with the keyboard, then right with the keyboard', async () => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      eq(failures, (await getEvents(page, 'lesson')).map(({ lesson, course }) => ({ lesson, course })),
        [{ lesson: 'module/quiz-fixture', course: 'fixture-course' }], 'lesson events');
      const where = 'fixture';
      const a = await runQuiz(page, 'practice-all', { how: 'correct', via: 'mouse', attempt: 1, failures, where });
      eq(failures, [a.score, a.zev[0]?.raw, a.zev[0]?.max], [100, 8, 8], 'right answers: score, raw, max (likert excluded, q-single worth 2)');
      check(failures, a.res.status.startsWith('Your score: 100% (8 of 8 points).'), `status "${a.res.status}"`);
      await tryAgain(page, 'practice-all', 'mouse', failures, where);
      const b = await runQuiz(page, 'practice-all', { how: 'wrong', via: 'keyboard', attempt: 2, failures, where });
      eq(failures, b.score, 0, 'wrong answers: score');
      // The feedback of the chosen wrong choice, and the revealed answers (reveal=always).
      const r = b.res.questions;
      const by = (id) => r.find((x) => x.qid === id);
      check(failures, by('q-single').feedback.includes('Too short: the caller cannot tell who answered.'), 'q-single: per-choice feedback of c0');
      check(failures, !by('q-single').feedback.includes('Place, name and an offer'), 'q-single: feedback of the unchosen c1 shown');
      check(failures, by('q-multi').feedback.includes('Most callers know this word.'), 'q-multi: per-choice feedback of c2');
      check(failures, by('q-match').feedback.includes('Insurers require it'), 'q-match: feedback of the wrong pair L1');
      check(failures, by('q-order').feedback.includes('The offer of help comes last.'), 'q-order: feedback of the misplaced I2');
      check(failures, by('q-likert').feedback.includes('The next lesson will help.') === false, 'q-likert: c2 has no feedback, c0\'s shown');
      check(failures, by('q-num').keyText === 'Correct answer: 3 to 4', `q-num: revealed "${by('q-num').keyText}"`);
      check(failures, /EOB → Explanation of benefits/.test(by('q-match').keyText), `q-match: revealed "${by('q-match').keyText}"`);
      check(failures, /Name the place.*Give your name.*Offer help/.test(by('q-order').keyText), `q-order: revealed "${by('q-order').keyText}"`);
      eq(failures, r.map((x) => x.num), ['Question 1 of 8', 'Question 2 of 8', 'Question 3 of 8', 'Question 4 of 8', 'Question 5 of 8', 'Question 6 of 8', 'Question 7 of 8', 'Question 8 of 8'], 'question numbers');
      await tryAgain(page, 'practice-all', 'keyboard', failures, where);
      await runQuiz(page, 'practice-all', { how: 'correct', via: 'keyboard', attempt: 3, failures, where });
    } finally {
      report('fixture all types', failures, ctx);
      await ctx.close();
    }
  });

  test('unanswered questions are named and count as incorrect; weights; leniency of fill-in and numeric', async () => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      // Only q-single (2 points of 8) answered.
      await page.click('label[for="cs-q-q-single-c1"]');
      await page.click('#cs-quiz-practice-all .cs-quiz__submit');
      const quiz = await readQuiz(page, 'practice-all');
      let res = await readResult(page, quiz);
      eq(failures, res.status, 'Questions 2, 3, 4, 5, 6, 7 were not answered (counted as incorrect). Your score: 25% (2 of 8 points). Practice: this check does not count towards your score.', 'status with unanswered questions');
      for (const q of res.questions.slice(1, 7)) {
        check(failures, q.unanswered && q.state === 'incorrect' && q.result.includes('Not answered (counted as incorrect)'), `${q.qid}: not marked "Not answered (counted as incorrect)" (${q.result})`);
      }
      eq(failures, res.questions[7].result, '• Not answered', 'unanswered likert');
      const ev = await getEvents(page, 'question');
      eq(failures, ev.map((e) => [e.question, e.response, e.result]), [
        ['q-single', 'c1', 'correct'], ['q-multi', '', 'incorrect'], ['q-tf', '', 'incorrect'], ['q-fill', '', 'incorrect'],
        ['q-num', '', 'incorrect'], ['q-match', '', 'incorrect'], ['q-order', '', 'incorrect'], ['q-likert', '', 'neutral'],
      ], 'question events of a mostly unanswered quiz');

      // Lenient matching: case, spaces, typographic apostrophes; decimal comma.
      await page.click('#cs-quiz-practice-all .cs-quiz__retry');
      await clearEvents(page);
      const cases = [
        ['q-fill', '  Their   PERMISSION ', 'correct'],
        ['q-num', '3,5', 'correct'],
      ];
      for (const [qid, text] of cases) await page.fill(`#cs-q-${qid}-input`, text);
      await page.click('#cs-quiz-practice-all .cs-quiz__submit');
      const ev2 = await getEvents(page, 'question');
      for (const [qid, text, want] of cases) {
        const e = ev2.find((x) => x.question === qid);
        eq(failures, [e?.response, e?.result], [text, want], `${qid} answered "${text}"`);
      }
      // Numbers: a table of typed answers for [3, 4].
      const numbers = [['3.5', true], ['4', true], [' 3 ', true], ['4,01', false], ['2,999', false], ['1e0', false], ['3,0', true], ['−3', false], ['abc', false], ['3.5.1', false]];
      const got = [];
      for (const [text] of numbers) {
        await page.click('#cs-quiz-practice-all .cs-quiz__retry');
        await clearEvents(page);
        await page.fill('#cs-q-q-num-input', text);
        await page.click('#cs-quiz-practice-all .cs-quiz__submit');
        const e = (await getEvents(page, 'question')).find((x) => x.question === 'q-num');
        got.push([text, e.result === 'correct']);
        if (text === 'abc') {
          res = await readResult(page, quiz);
          check(failures, res.questions.find((q) => q.qid === 'q-num').feedback.includes('This is not a number.'), '"abc": no "not a number" note');
        }
      }
      eq(failures, got, numbers, 'numeric answers graded');
    } finally {
      report('fixture unanswered', failures, ctx);
      await ctx.close();
    }
  });

  test('graded quiz: attempts run out and lock the form, reveal=end, shuffle keeps every choice, reload restores', async (t) => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(`${fx.url}?seed=11`);
      const q0 = await readQuiz(page, 'graded-limited');
      let res = await readResult(page, q0);
      eq(failures, res.info, 'Pass mark: 100%. Attempts left: 2.', 'graded quiz info before the first attempt');
      const written = { 'g-single': ['c0', 'c1', 'c2', 'c3'], 'g-multi': ['c0', 'c1', 'c2', 'c3'] };
      const orders = [res.questions.find((q) => q.qid === 'g-single').order.join()];
      for (const q of res.questions) if (written[q.qid]) eq(failures, [...q.order].sort(), written[q.qid], `${q.qid}: the shuffled choices are all there`);
      eq(failures, res.questions.find((q) => q.qid === 'g-multi').order, written['g-multi'], 'g-multi ("shuffle": false) keeps the written order');

      const first = await runQuiz(page, 'graded-limited', { how: 'wrong', via: 'mouse', attempt: 1, failures, where: 'fixture' });
      eq(failures, first.left, 1, 'attempts left after one');
      res = await readResult(page, q0);
      eq(failures, res.info, 'Pass mark: 100%. Attempts left: 1.', 'info after one attempt');
      check(failures, res.questions.every((q) => !q.hasKey), 'reveal=end: answers shown before the end');

      // Reload in the middle: the checked attempt comes back as it was.
      const status1 = res.status;
      await page.reload();
      res = await readResult(page, q0);
      eq(failures, [res.status, res.retryVisible, res.enabled], [status1, true, 0], 'after a reload: status, Try again, locked controls');
      eq(failures, res.questions.map((q) => q.state), ['incorrect', 'incorrect', 'incorrect'], 'after a reload: marks');

      await tryAgain(page, 'graded-limited', 'mouse', failures, 'fixture graded');
      res = await readResult(page, q0);
      orders.push(res.questions.find((q) => q.qid === 'g-single').order.join());
      eq(failures, res.questions.find((q) => q.qid === 'g-multi').order, written['g-multi'], 'g-multi keeps its order on attempt 2');
      const second = await runQuiz(page, 'graded-limited', { how: 'wrong', via: 'keyboard', attempt: 2, failures, where: 'fixture' });
      eq(failures, second.left, 0, 'attempts left after two');
      res = await readResult(page, q0);
      eq(failures, [res.retryVisible, res.submitVisible, res.enabled], [false, false, 0], 'out of attempts: no buttons, every control disabled');
      check(failures, res.status.endsWith('No attempts left.'), `status "${res.status}"`);
      check(failures, res.questions.every((q) => q.hasKey), 'reveal=end: answers not shown once out of attempts');
      // A further submit (Enter in the disabled form cannot, but a script can) changes nothing.
      await page.evaluate(() => document.querySelector('#cs-quiz-graded-limited form').requestSubmit());
      eq(failures, (await getEvents(page, 'quiz')).length, 1, 'quiz events after submitting a closed quiz');

      await page.reload();
      res = await readResult(page, q0);
      eq(failures, [res.retryVisible, res.submitVisible, res.enabled, res.info], [false, false, 0, 'Pass mark: 100%. No attempts left.'], 'out of attempts after a reload');
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('coursec:fixture-course:quiz')));
      eq(failures, [stored.q['graded-limited'].n, stored.q['graded-limited'].c, stored.q['graded-limited'].b], [2, 1, 0], 'stored attempts, checked flag, best score');

      // Shuffle over seeds: every order keeps every choice; the orders vary.
      const seen = new Set(orders);
      for (let s = 1; s <= 8; s++) {
        const p2 = await ctx.newPage();
        await p2.goto(`${fx.url}?seed=${s}`);
        await p2.evaluate(() => localStorage.clear());
        await p2.reload();
        const r2 = await readResult(p2, q0);
        const o = r2.questions.find((q) => q.qid === 'g-single').order;
        eq(failures, [...o].sort(), written['g-single'], `seed ${s}: g-single choices`);
        eq(failures, r2.questions.find((q) => q.qid === 'g-multi').order, written['g-multi'], `seed ${s}: g-multi order`);
        seen.add(o.join());
        await p2.close();
      }
      check(failures, seen.size >= 3, `shuffled g-single orders over 10 draws: only ${[...seen].join(' | ')}`);
      t.diagnostic(`g-single orders seen: ${[...seen].join(' | ')}`);
    } finally {
      report('fixture graded', failures, ctx);
      await ctx.close();
    }
  });

  test('pool draw: exactly N questions with a fixed seed, score over N, reveal=passed, _seed() hook', async (t) => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      const draws = new Map();
      for (let s = 1; s <= 12; s++) {
        await page.goto(`${fx.url}?seed=${s}`);
        await page.evaluate(() => localStorage.clear());
        await page.reload();
        const q = await readQuiz(page, 'graded-pool');
        const vis = q.questions.filter((x) => !x.hidden).map((x) => x.qid);
        eq(failures, vis.length, 2, `seed ${s}: visible questions`);
        draws.set(s, vis.join());
        // Same seed, same draw.
        await page.evaluate(() => localStorage.clear());
        await page.reload();
        const again = (await readQuiz(page, 'graded-pool')).questions.filter((x) => !x.hidden).map((x) => x.qid).join();
        eq(failures, again, vis.join(), `seed ${s}: the draw is not repeatable`);
      }
      const distinct = new Set(draws.values());
      check(failures, distinct.size >= 3, `12 seeds gave only ${distinct.size} different draws: ${[...distinct].join(' | ')}`);
      t.diagnostic(`draws for seeds 1..12: ${[...draws.values()].join(' | ')}`);

      // window.coursec._seed(n) redraws the open attempt the same way as ?seed=n.
      await page.goto(fx.url);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.evaluate(() => window.coursec._seed(5));
      const viaHook = (await readQuiz(page, 'graded-pool')).questions.filter((x) => !x.hidden).map((x) => x.qid).join();
      eq(failures, viaHook, draws.get(5), '_seed(5) draw vs ?seed=5 draw');

      // Attempt 1: both wrong (0%, not passed): nothing revealed.
      await page.goto(`${fx.url}?seed=5`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      const a1 = await runQuiz(page, 'graded-pool', { how: 'wrong', via: 'mouse', attempt: 1, failures, where: 'fixture pool' });
      eq(failures, [a1.zev[0]?.max, a1.qev.length], [2, 2], 'pool: max points and question events over the drawn 2');
      const r1 = await readResult(page, a1.quiz);
      eq(failures, r1.questions.filter((q) => !q.hidden).map((q) => q.num), ['Question 1 of 2', 'Question 2 of 2'], 'pool: numbering over the drawn questions');
      // Attempt 2: a new draw; one right, one wrong = 50% = passed: revealed.
      await tryAgain(page, 'graded-pool', 'mouse', failures, 'fixture pool');
      const q2 = await readQuiz(page, 'graded-pool');
      const vis2 = q2.questions.filter((x) => !x.hidden);
      eq(failures, vis2.length, 2, 'attempt 2: visible questions');
      await page.click(`#${vis2[0].domId} label[for="${vis2[0].domId}-c0"]`);
      await page.click(`#${vis2[1].domId} label[for="${vis2[1].domId}-c1"]`);
      await page.click('#cs-quiz-graded-pool .cs-quiz__submit');
      const r2 = await readResult(page, q2);
      const z = (await getEvents(page, 'quiz')).pop();
      eq(failures, [z.score, z.raw, z.max, z.passed, z.attempt, z.attemptsLeft], [50, 1, 2, true, 2, null], 'attempt 2 quiz event');
      eq(failures, r2.questions.filter((q) => !q.hidden).map((q) => q.hasKey), [false, true], 'reveal=passed: the wrong one is revealed once passed');
      check(failures, r2.status.includes('Passed: the pass mark is 50%.'), `status "${r2.status}"`);
      t.diagnostic(`attempt 2 drew ${vis2.map((q) => q.qid).join(', ')}`);
    } finally {
      report('fixture pool', failures, ctx);
      await ctx.close();
    }
  });

  test('exact fill-ins (case, spaces), reveal=never, Enter submits only a one-question quiz, survey-only quiz', async () => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      const strict = await readQuiz(page, 'strict');
      // Enter in a text field of a two-question quiz does not check it.
      await page.fill('#cs-q-s-case-input', 'icu');
      await page.focus('#cs-q-s-case-input');
      await page.keyboard.press('Enter');
      eq(failures, (await getEvents(page, 'quiz')).length, 0, 'Enter in a two-question quiz submitted it');
      await page.fill('#cs-q-s-spaces-input', 'b 12');
      await page.click('#cs-quiz-strict .cs-quiz__submit');
      let r = await readResult(page, strict);
      eq(failures, r.questions.map((q) => q.state), ['incorrect', 'incorrect'], '"icu" (case: true) and "b 12" (spaces: true)');
      check(failures, r.questions.every((q) => !q.hasKey && q.tags.length === 0), 'reveal=never: an answer was revealed');
      await page.click('#cs-quiz-strict .cs-quiz__retry');
      await page.fill('#cs-q-s-case-input', ' ICU ');
      await page.fill('#cs-q-s-spaces-input', 'b  12');
      await page.click('#cs-quiz-strict .cs-quiz__submit');
      r = await readResult(page, strict);
      eq(failures, r.questions.map((q) => q.state), ['correct', 'correct'], '" ICU " and "b  12"');

      // One question: Enter checks it, the number is not prefixed "Question 1 of 1".
      const one = await readQuiz(page, 'one-number');
      await page.focus('#cs-q-n-one-input');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      r = await readResult(page, one);
      eq(failures, [r.questions[0].state, r.questions[0].num, r.focusInStatus], ['correct', null, true], 'one-question quiz after Enter');

      // Likert only: no score, a thank-you.
      await page.click('label[for="cs-q-v-1-c1"]');
      await page.click('#cs-quiz-survey .cs-quiz__submit');
      const sv = await readResult(page, await readQuiz(page, 'survey'));
      eq(failures, sv.status, 'Thank you: your answers are recorded.', 'survey status');
      const z = (await getEvents(page, 'quiz')).pop();
      eq(failures, [z.quiz, z.score, z.raw, z.max, z.passed], ['survey', 100, 0, 0, true], 'survey quiz event');
    } finally {
      report('fixture strict', failures, ctx);
      await ctx.close();
    }
  });

  test('scenario: good path (mouse), bad path (keyboard), mixed path, reload mid-way, play again', async () => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      const sc = await readScenario(page, 'on-hold');
      eq(failures, [sc.bestPath.nodes, sc.bestPath.raw], [['opening', 'listening', 'resolved'], 20], 'best path of the key');
      // Before any choice: only the start node, choices are buttons.
      const init = await page.evaluate(() => ({
        visible: [...document.querySelectorAll('#cs-sc-on-hold .cs-scenario__node')].filter((n) => !n.hidden).map((n) => n.dataset.node),
        links: document.querySelectorAll('#cs-sc-on-hold a[data-choice]').length,
        buttons: document.querySelectorAll('#cs-sc-on-hold button.cs-scenario__choice').length,
        prompt: document.querySelector('#cs-sc-on-hold-opening .cs-scenario__prompt')?.textContent,
      }));
      eq(failures, init, { visible: ['opening'], links: 0, buttons: 6, prompt: 'What do you do?' }, 'scenario at load');

      const good = await playScenario(page, sc, sc.bestPath, 'mouse', failures, 'fixture');
      eq(failures, good.score, 100, 'good path score');
      const endText = await page.locator('#cs-sc-on-hold .cs-scenario__end').innerText();
      check(failures, /Good outcome/.test(endText) && /Your score: 100% \(20 of 20 points\)\./.test(endText), `ending text "${endText}"`);
      await playAgain(page, sc, 'mouse', failures, 'fixture');

      const badPath = { choices: [0, 0], nodes: ['opening', 'defensive', 'escalated'], raw: 0, outcome: 'bad' };
      const bad = await playScenario(page, sc, badPath, 'keyboard', failures, 'fixture');
      eq(failures, bad.score, 0, 'bad path score');
      await playAgain(page, sc, 'keyboard', failures, 'fixture');

      // Mixed path, with a reload in the middle: the path continues.
      await clearEvents(page);
      await page.click('#cs-sc-on-hold-opening button[data-choice="0"]');
      await page.click('#cs-sc-on-hold-defensive button[data-choice="1"]');
      await page.reload();
      const mid = await page.evaluate(() => ({
        visible: [...document.querySelectorAll('#cs-sc-on-hold .cs-scenario__node')].filter((n) => !n.hidden).map((n) => n.dataset.node),
        feedback: document.querySelector('#cs-sc-on-hold .cs-scenario__feedback')?.innerText.replace(/\s+/g, ' ').trim(),
        focus: document.activeElement === document.body,
      }));
      eq(failures, mid, { visible: ['listening'], feedback: 'You: Apologise and start again. A fresh start helps.', focus: true }, 'after a reload mid-way (focus not moved)');
      await page.click('#cs-sc-on-hold-listening button[data-choice="1"]');
      const ev = (await getEvents(page, 'scenario')).pop();
      eq(failures, ev, { name: 'scenario', scenario: 'on-hold', path: ['opening', 'defensive', 'listening', 'transferred'], score: 25, raw: 5, best: 20, outcome: 'neutral', ended: true }, 'mixed path event');
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('coursec:fixture-course:quiz')).s['on-hold']);
      eq(failures, stored, { c: [0, 1, 1], n: 3, b: 100 }, 'stored scenario state');
      const status = await page.locator('#cs-sc-on-hold .cs-scenario__status').textContent();
      eq(failures, status, 'You chose: Tell them to call billing. Mixed outcome. Your score: 25% (5 of 20 points).', 'status at the mixed ending');
    } finally {
      report('fixture scenario', failures, ctx);
      await ctx.close();
    }
  });

  test('state: compact storage, reload refills answers, coursec.state / restore(), late lesson subscriber, broken localStorage', async (t) => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(`${fx.url}?seed=3`);
      // Unchecked answers survive a reload.
      await page.click('label[for="cs-q-q-single-c1"]');
      await page.click('label[for="cs-q-q-multi-c0"]');
      await page.fill('#cs-q-q-fill-input', 'permission');
      await page.selectOption('#cs-q-q-match-L1', 'R1');
      await page.selectOption('#cs-q-q-order-I2', '3');
      await page.reload();
      const refilled = await page.evaluate(() => ({
        checked: [...document.querySelectorAll('#cs-quiz-practice-all input:checked')].map((i) => i.id),
        fill: document.querySelector('#cs-q-q-fill-input').value,
        l1: document.querySelector('#cs-q-q-match-L1').value,
        i2: document.querySelector('#cs-q-q-order-I2').value,
        i0: document.querySelector('#cs-q-q-order-I0').value,
        feedback: document.querySelector('#cs-quiz-practice-all .cs-q__feedback:not(:empty)') !== null,
      }));
      eq(failures, refilled, { checked: ['cs-q-q-single-c1', 'cs-q-q-multi-c0'], fill: 'permission', l1: 'R1', i2: '3', i0: '', feedback: false }, 'answers after a reload (not yet checked)');

      // Check everything once, play the scenario, then look at the store.
      for (const id of ['practice-all', 'graded-limited', 'graded-pool', 'strict']) await page.click(`#cs-quiz-${id} .cs-quiz__submit`);
      await page.click('#cs-sc-on-hold-opening button[data-choice="1"]');
      const raw = await page.evaluate(() => localStorage.getItem('coursec:fixture-course:quiz'));
      const state = await page.evaluate(() => window.coursec.state);
      eq(failures, JSON.parse(raw), state, 'coursec.state vs localStorage');
      check(failures, !/[<>]/.test(raw), 'stored state contains HTML');
      check(failures, raw.length < 800, `stored state is ${raw.length} chars for 4 quizzes and a scenario`);
      // state is a copy.
      const untouched = await page.evaluate(() => { const s = window.coursec.state; s.q = {}; return Object.keys(window.coursec.state.q).length; });
      check(failures, untouched >= 4, 'coursec.state is not a copy');
      t.diagnostic(`stored state (${raw.length} chars): ${raw}`);

      // A late subscriber still hears "lesson" once.
      const late = await page.evaluate(() => new Promise((resolve) => {
        const got = [];
        window.coursec.on('lesson', (e) => got.push(e));
        setTimeout(() => resolve(got), 50);
      }));
      eq(failures, late, [{ lesson: 'module/quiz-fixture', course: 'fixture-course' }], 'late lesson subscriber');
      // on() returns an unsubscribe function.
      const unsub = await page.evaluate(() => {
        let n = 0;
        const off = window.coursec.on('quiz', () => n++);
        off();
        document.querySelector('#cs-quiz-one-number .cs-quiz__submit').click();
        return n;
      });
      eq(failures, unsub, 0, 'events after unsubscribing');

      // restore() into a fresh context: feedback, attempts and path come back.
      const ctx2 = await quizContext();
      try {
        const p2 = await ctx2.newPage();
        await p2.goto(fx.url);
        const ok = await p2.evaluate((s) => window.coursec.restore(s), state);
        const after = await p2.evaluate(() => ({
          checked: [...document.querySelectorAll('#cs-quiz-practice-all input:checked')].map((i) => i.id),
          status: document.querySelector('#cs-quiz-practice-all .cs-quiz__status').textContent,
          info: document.querySelector('#cs-quiz-graded-limited .cs-quiz__info').textContent,
          node: [...document.querySelectorAll('#cs-sc-on-hold .cs-scenario__node')].filter((n) => !n.hidden).map((n) => n.dataset.node),
          stored: JSON.parse(localStorage.getItem('coursec:fixture-course:quiz')),
        }));
        eq(failures, [ok, after.checked, after.node], [true, ['cs-q-q-single-c1', 'cs-q-q-multi-c0'], ['listening']], 'restore(): answers and scenario node');
        check(failures, after.status.includes('Your score: 37% (3 of 8 points).'), `restore(): status "${after.status}"`);
        eq(failures, after.info, 'Pass mark: 100%. Attempts left: 1.', 'restore(): attempts');
        eq(failures, after.stored, state, 'restore(): stored');
        eq(failures, await p2.evaluate(() => window.coursec.restore('not json')), false, 'restore() of garbage');
        report('restore', [], ctx2);
      } finally {
        await ctx2.close();
      }

      // localStorage that throws on every access: the quizzes still work.
      const ctx3 = await quizContext();
      try {
        await ctx3.addInitScript(() => {
          for (const m of ['getItem', 'setItem', 'removeItem']) {
            Storage.prototype[m] = () => { throw new DOMException('denied', 'SecurityError'); };
          }
        });
        const p3 = await ctx3.newPage();
        await p3.goto(fx.url);
        await p3.click('label[for="cs-q-q-single-c1"]');
        await p3.click('#cs-quiz-practice-all .cs-quiz__submit');
        const st = await p3.locator('#cs-quiz-practice-all .cs-quiz__status').textContent();
        check(failures, st.includes('25%'), `no storage: status "${st}"`);
        await p3.click('#cs-sc-on-hold-opening button[data-choice="1"]');
        eq(failures, (await getEvents(p3, 'scenario')).length, 1, 'no storage: scenario step');
        report('no storage', [], ctx3);
      } finally {
        await ctx3.close();
      }
    } finally {
      report('fixture state', failures, ctx);
      await ctx.close();
    }
  });

  test('French strings from fr.yml (data-cs-strings), numbers in French', async () => {
    const failures = [];
    const ctx = await quizContext();
    try {
      const page = await ctx.newPage();
      await page.goto(fxFr.url);
      await page.click('label[for="cs-q-q-single-c1"]');
      await page.fill('#cs-q-q-num-input', '7');
      await page.click('#cs-quiz-practice-all .cs-quiz__submit');
      const r = await readResult(page, await readQuiz(page, 'practice-all'));
      const NB = '\u00a0';
      const NNB = '\u202f';
      eq(failures, r.status, `Les questions 2, 3, 4, 6, 7 sont restées sans réponse (comptées comme fausses). Votre score${NB}: 25${NNB}% (2 sur 8 points). Entraînement${NB}: cette vérification ne compte pas dans votre score.`, 'French status');
      eq(failures, r.questions.find((q) => q.qid === 'q-num').keyText, `Réponse attendue${NB}: de 3 à 4`, 'French reveal');
      eq(failures, r.questions[0].result, '✓ Correct', 'French result');
      eq(failures, await page.locator('#cs-quiz-practice-all .cs-quiz__retry').textContent(), 'Réessayer', 'French retry button');
      eq(failures, r.questions[0].num, 'Question 1 sur 8', 'French numbering');
      await page.click('#cs-sc-on-hold-opening button[data-choice="0"]');
      await page.click('#cs-sc-on-hold-defensive button[data-choice="0"]');
      const end = await page.locator('#cs-sc-on-hold .cs-scenario__end').innerText();
      check(failures, end.includes('Issue défavorable') && end.includes(`Votre score${NB}: 0${NNB}% (0 sur 20 points).`) && end.includes('Rejouer'), `French ending "${end}"`);
      // Every quiz_/scenario_ key the engine uses exists in both files.
      const src = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'themes', 'default', 'assets', 'quiz.js'), 'utf8');
      const used = new Set([...src.matchAll(/\b((?:quiz|scenario)_[a-z][a-z_]*)/g)].map((m) => m[1]));
      for (const k of ['scenario_outcome_good', 'scenario_outcome_neutral', 'scenario_outcome_bad']) used.add(k);
      used.delete('scenario_outcome_');
      for (const k of used) {
        check(failures, k in fx.strings, `en.yml lacks ${k}`);
        check(failures, k in fxFr.strings, `fr.yml lacks ${k}`);
      }
      // French typography: no plain space before : ; ! ? or %.
      for (const [k, v] of Object.entries(fxFr.strings)) {
        if (!/^(quiz|scenario)_/.test(k)) continue;
        check(failures, !/ [:;!?%]/.test(v) && !/[^\u00a0\u202f][;!?]/.test(v) && !/[^\u00a0]:/.test(v) && !/[^\u202f]%/.test(v), `fr.yml ${k}: "${v}" breaks French typography`);
      }
    } finally {
      report('fixture French', failures, ctx);
      await ctx.close();
    }
  });

  test('without JavaScript: every question and scenario node is there, choices are links', async () => {
    const failures = [];
    const ctx = await newWatchedContext(browser, { viewport: VIEWPORT, javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      const st = await page.evaluate(() => ({
        hidden: document.querySelectorAll('.cs-q[hidden], .cs-scenario__node[hidden]').length,
        questions: document.querySelectorAll('.cs-q').length,
        nodes: [...document.querySelectorAll('.cs-scenario__node')].filter((n) => n.offsetParent !== null).length,
        links: document.querySelectorAll('.cs-scenario__choices a[href^="#cs-sc-"]').length,
      }));
      eq(failures, st, { hidden: 0, questions: 19, nodes: 6, links: 6 }, 'plain page');
    } finally {
      report('fixture no JS', failures, ctx);
      await ctx.close();
    }
  });

  test('axe-core with feedback shown (right, wrong, unanswered, revealed, scenario ended), light and dark; phone width', async (t) => {
    const failures = [];
    let passes = 0;
    for (const scheme of ['light', 'dark']) {
      const ctx = await quizContext({ colorScheme: scheme });
      try {
        const page = await ctx.newPage();
        await page.goto(`${fx.url}?seed=2`);
        const all = await readQuiz(page, 'practice-all');
        all.questions.forEach((q, i) => { q.plan = i % 3 === 2 ? null : plan(q, i % 3 ? 'wrong' : 'correct'); });
        for (const q of all.questions) if (q.plan) await answerMouse(page, q, q.plan);
        for (const id of ['practice-all', 'graded-limited', 'graded-pool', 'strict', 'one-number', 'survey']) {
          await page.click(`#cs-quiz-${id} .cs-quiz__submit`);
        }
        await page.click('#cs-quiz-graded-limited .cs-quiz__retry');
        await page.click('#cs-quiz-graded-limited .cs-quiz__submit');
        await page.click('#cs-sc-on-hold-opening button[data-choice="1"]');
        await page.click('#cs-sc-on-hold-listening button[data-choice="0"]');
        passes += await runAxe(page, failures, `fixture [${scheme}]`);
        report(`axe ${scheme}`, [], ctx);
      } finally {
        await ctx.close();
      }
    }
    // Phone: nothing sticks out sideways with feedback shown.
    const ctx = await quizContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const page = await ctx.newPage();
      await page.goto(fx.url);
      for (const id of ['practice-all', 'graded-limited']) await page.tap(`#cs-quiz-${id} .cs-quiz__submit`);
      await page.tap('#cs-sc-on-hold-opening button[data-choice="0"]');
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      check(failures, sw <= 391, `phone: scrollWidth ${sw} > 390`);
      const small = await page.evaluate(() => [...document.querySelectorAll('.cs-quiz button:not([hidden]), .cs-scenario button, .cs-quiz select, .cs-quiz input[type="text"]')]
        .filter((b) => b.offsetParent !== null).map((b) => [b.className || b.id, Math.round(b.getBoundingClientRect().height)]).filter(([, h]) => h < 44));
      eq(failures, small, [], 'phone: controls lower than 44px');
      report('phone', [], ctx);
    } finally {
      await ctx.close();
    }
    t.diagnostic(`axe on the fixture, light and dark: ${passes} passed rule checks`);
    report('fixture axe', failures);
  });
});
