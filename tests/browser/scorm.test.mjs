// Browser tests of the SCORM runtime (themes/default/assets/scorm.js,
// templates/scorm.html; docs/scorm-runtime.md) in SCORM 1.2 and SCORM 2004
// 4th Edition, with scorm-again playing the LMS:
//
//   every course in courses/ is built, both packages are unzipped, and a
//   stand-in LMS page (fixtures/scorm-host.html, with scorm-again's UMD
//   builds) launches the package's scorm.html in a frame.  Per version:
//
//   a) launch, read half of the lessons (Start, then Next), answer every
//      knowledge check wrong then right, play every scenario along its
//      worst then its best path, leave an answered but unchecked quiz on
//      the last page, leave (the LMS removes the frame); relaunch with the
//      saved data model: same page, answers and scenario restored, visited
//      lessons ticked; read the rest, fail then pass every graded
//      assessment, leave (the frame navigates away).  Then the data model:
//      statuses, score, interactions in the version's exact formats,
//      suspend_data within the limit, session_time, exit; zero API errors,
//      one Terminate and nothing after it, score sent before the status.
//   b) courses with an assessment: read everything and fail the
//      assessment on every attempt: completed, failed, exit normal.
//   c) HTML mode: scorm.html without an LMS and index.html of the plain
//      output work as before (no API, localStorage), with no error.
//   d) the suspend_data codec: lossless round trip, and the worst-case
//      size formula of docs/scorm-runtime.md is an upper bound reached by
//      a maximal state.
//
// file:// frames are one origin only with --allow-file-access-from-files
// (an LMS serves the package and its frames from one origin).  Network
// requests are blocked and reported; console errors and warnings in any
// frame fail the test (the runtime reports API errors with console.warn).
// Run: node --test tests/browser/scorm.test.mjs

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  ROOT, COURSEC, CHROMIUM, LAUNCH_ARGS, findCourses, buildCourse,
  newWatchedContext, decodeKey,
} from './support.mjs';

const execFileP = promisify(execFile);
const require = createRequire(import.meta.url);
const TEST_TIMEOUT = 20 * 60 * 1000;   // a loaded 2-core CI machine plays 3 courses slowly
const VIEWPORT = { width: 1280, height: 900 };
const VERSIONS = ['1.2', '2004'];
const AXE_SOURCE = fs.readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LIMIT = { '1.2': 4096, '2004': 64000 };
const LEARNER = { id: 'learner-0001', name: 'Rivera, Ana' };

let browser;
let tmpRoot;
let hostUrl;
let dumps = 0;
const courses = [];   // { name, outDir, pkg: {'1.2': {dir, url, cfg}, '2004': …}, error }

// --- Formats --------------------------------------------------------------

const ID12 = /^[A-Za-z0-9_.\-]{1,255}$/;
const CH = '[0-9a-z]';
const FORMAT12 = {
  'true-false': new RegExp('^[01tf]$'),
  choice: new RegExp(`^${CH}(,${CH})*$`),
  'fill-in': /^[^\n]{0,255}$/,
  numeric: /^-?\d{1,10}(\.\d+)?$/,
  likert: new RegExp(`^${CH}$`),
  matching: new RegExp(`^${CH}\\.${CH}(,${CH}\\.${CH})*$`),
  sequencing: new RegExp(`^${CH}(,${CH})*$`),
  performance: /^[^\n]{0,255}$/,
};
const TYPES12 = /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/;
const RESULT12 = /^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/;
const TIMESPAN12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const TIME12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
const DECIMAL12 = /^-?\d{0,10}(\.\d+)?$/;

const SID = "[A-Za-z0-9_.:\\-]{1,250}";   // short_identifier_type as the runtime writes it
const FORMAT04 = {
  'true-false': /^(true|false)$/,
  choice: new RegExp(`^${SID}(\\[,\\]${SID})*$`),
  'fill-in': /^(\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{2,8})*\})?(?!\{)(?:(?!\[,\])[^\n]){0,250}(\[,\](?!\{)(?:(?!\[,\])[^\n]){0,250})*$/,
  numeric: /^-?\d{1,10}(\.\d{1,7})?$/,
  likert: new RegExp(`^${SID}$`),
  matching: new RegExp(`^${SID}\\[\\.\\]${SID}(\\[,\\]${SID}\\[\\.\\]${SID})*$`),
  sequencing: new RegExp(`^${SID}(\\[,\\]${SID})*$`),
  other: /^[\s\S]{0,4000}$/,
};
const PATTERN04 = {
  ...FORMAT04,
  'fill-in': /^(\{case_matters=(true|false)\})?(\{order_matters=(true|false)\})?(\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{2,8})*\})?(?!\{)[^\n]{1,250}$/,
  numeric: /^(-?\d{1,10}(\.\d{1,7})?)?\[:\](-?\d{1,10}(\.\d{1,7})?)?$/,
};
const TYPES04 = /^(true-false|choice|fill-in|long-fill-in|matching|performance|sequencing|likert|numeric|other)$/;
const RESULT04 = /^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$/;
const DURATION04 = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
const TIME04 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2}(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?$/;
const DESC04 = /^(\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{2,8})*\})?(?!\{)[^\n]*$/;
const DECIMAL04 = /^-?\d{1,10}(\.\d{1,18})?$/;

// --- Small helpers --------------------------------------------------------

/** The interaction id the runtime writes for a question or scenario. */
const interactionId = (s) => String(s).replace(/[^A-Za-z0-9_.\-]/g, '_').slice(0, 255);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cssq = (s) => String(s).replace(/["\\]/g, '\\$&');

function idCompare(a, b) {
  const na = parseInt(String(a).replace(/^\D+/, ''), 10);
  const nb = parseInt(String(b).replace(/^\D+/, ''), 10);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with sorted keys, to compare objects. */
function canon(v) {
  return JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map((kk) => [kk, x[kk]])) : x));
}

function ms(t0) {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

/** Fail with every collected problem at once. */
function report(what, failures, ctx) {
  const list = [...failures];
  if (ctx && ctx.problems.length) list.push(...new Set(ctx.problems));
  if (ctx) ctx.problems.length = 0;
  if (list.length) {
    throw new Error(`${what}: ${list.length} problem(s):\n  - ${list.join('\n  - ')}`);
  }
}

async function unzip(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await execFileP('unzip', ['-q', '-o', zip, '-d', dir]);
}

/** The runtime's configuration, as scorm.html carries it. */
function readConfig(file) {
  const html = fs.readFileSync(file, 'utf8');
  const m = html.match(/<script type="application\/json" id="cs-scorm-config">([\s\S]*?)<\/script>/);
  if (!m) throw new Error(`${file}: no #cs-scorm-config`);
  const cfg = JSON.parse(m[1]);
  cfg.pass = Number(cfg.pass);
  return cfg;
}

/** A watched context (see support.mjs) that also fails on warnings and
 *  on uncaught errors in any frame. */
async function scormContext() {
  const ctx = await newWatchedContext(browser, { viewport: VIEWPORT });
  ctx.on('console', (msg) => {
    if (msg.type() !== 'warning') return;
    ctx.problems.push(`console warning: ${msg.text()} (page ${msg.page()?.url() || '?'})`);
  });
  await ctx.addInitScript(() => {
    window.addEventListener('error', (e) => {
      console.error(`uncaught in ${location.href}: ${e.message}`);
    });
  });
  return ctx;
}

async function waitFrame(page, pred, what, timeout = 15000) {
  const t0 = Date.now();
  for (;;) {
    const f = page.frames().find(pred);
    if (f) return f;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The course page in the frame has run its scripts. */
async function ready(frame) {
  await frame.waitForLoadState('load');
  await frame.waitForFunction(() => document.readyState === 'complete' &&
    !!window.coursec && typeof window.coursec.on === 'function');
}

/** Click a link in the course frame and wait for the next page. */
async function go(frame, selector) {
  const before = frame.url();
  await frame.click(selector);
  await frame.waitForURL((u) => u.href !== before);
  await ready(frame);
}

async function pageInfo(frame) {
  return frame.evaluate(() => ({
    lesson: document.body.getAttribute('data-lesson') || '',
    quizzes: [...document.querySelectorAll('section.cs-quiz[data-quiz]')].map((s) => ({
      id: s.getAttribute('data-quiz'), mode: s.getAttribute('data-mode'),
    })),
    scenarios: [...document.querySelectorAll('section.cs-scenario[data-scenario]')]
      .map((s) => s.getAttribute('data-scenario')),
    hasNext: !!document.querySelector('a[rel="next"]'),
  }));
}

// --- Quizzes --------------------------------------------------------------

async function readQuiz(frame, id) {
  const info = await frame.evaluate((id) => {
    const sec = [...document.querySelectorAll('section.cs-quiz')].find((s) => s.getAttribute('data-quiz') === id);
    if (!sec) return null;
    return {
      id,
      attempts: Number(sec.getAttribute('data-attempts')),
      keyText: sec.querySelector('script.cs-quiz__key').textContent,
      questions: [...sec.querySelectorAll('fieldset.cs-q')].map((f) => ({
        qid: f.getAttribute('data-qid'), domId: f.id, type: f.getAttribute('data-type'), hidden: f.hidden,
      })),
    };
  }, id);
  if (!info) throw new Error(`no quiz ${id} on ${frame.url()}`);
  info.key = decodeKey(id, info.keyText);
  for (const q of info.questions) q.key = info.key.questions[q.qid];
  info.visible = info.questions.filter((q) => !q.hidden);
  return info;
}

/** What to set for a right or a wrong answer. */
function plan(q, how) {
  const k = q.key;
  const right = (k.correct || []).map(String);
  const choiceIds = Object.keys(k.choices || {}).filter((c) => /^c\d+$/.test(c)).sort(idCompare);
  switch (q.type) {
    case 'single':
    case 'true-false': {
      const ids = q.type === 'true-false' ? ['true', 'false'] : choiceIds;
      return { kind: 'radio', value: how === 'correct' ? right[0] : ids.find((c) => !right.includes(c)) };
    }
    case 'likert':
      return { kind: 'radio', value: how === 'correct' ? choiceIds[0] : choiceIds[choiceIds.length - 1] };
    case 'multiple': {
      let set = how === 'correct' ? right : choiceIds.filter((c) => !right.includes(c));
      if (!set.length) set = right.slice(1);
      return { kind: 'checks', values: set };
    }
    case 'fill-in':
      return { kind: 'text', value: how === 'correct' ? k.answers[0] : 'not the answer, "quoted"' };
    case 'numeric':
      return { kind: 'text', value: String(how === 'correct' ? (k.min === k.max ? k.min : (k.min + k.max) / 2) : k.max + 1000) };
    case 'matching': {
      const lefts = Object.keys(k.pairs).sort(idCompare);
      const rights = lefts.map((l) => k.pairs[l]);
      const map = {};
      lefts.forEach((l, i) => { map[l] = how === 'correct' ? rights[i] : rights[(i + 1) % rights.length]; });
      return { kind: 'match', map };
    }
    case 'ordering': {
      const order = how === 'correct' ? k.order.slice() : k.order.slice().reverse();
      const pos = {};
      order.forEach((id, i) => { pos[id] = String(i + 1); });
      return { kind: 'order', pos };
    }
    default:
      throw new Error(`unknown question type ${q.type}`);
  }
}

async function fill(frame, q, p) {
  const fs_ = `#${cssq(q.domId)}`;
  switch (p.kind) {
    case 'radio':
      await frame.check(`${fs_} input[value="${cssq(p.value)}"]`);
      break;
    case 'checks': {
      const boxes = frame.locator(`${fs_} input[type="checkbox"]`);
      for (let i = 0; i < await boxes.count(); i++) {
        const b = boxes.nth(i);
        await b.setChecked(p.values.includes(await b.getAttribute('value')));
      }
      break;
    }
    case 'text':
      await frame.fill(`${fs_} input[type="text"]`, p.value);
      break;
    case 'match':
      for (const [l, r] of Object.entries(p.map)) await frame.selectOption(`${fs_} select[data-left="${l}"]`, r);
      break;
    case 'order':
      for (const [id, pos] of Object.entries(p.pos)) await frame.selectOption(`${fs_} select[data-item="${id}"]`, pos);
      break;
  }
}

/** Answer every shown question of a quiz right or wrong (not checked). */
async function answer(frame, id, how) {
  const quiz = await readQuiz(frame, id);
  for (const q of quiz.visible) await fill(frame, q, plan(q, how));
  return quiz;
}

const quizSel = (id) => `section.cs-quiz[data-quiz="${cssq(id)}"]`;

async function check(frame, id) {
  await frame.click(`${quizSel(id)} .cs-quiz__submit`);
  await frame.waitForSelector(`${quizSel(id)}.cs-quiz--checked`);
}

async function tryAgain(frame, id) {
  await frame.click(`${quizSel(id)} .cs-quiz__retry`);
  await frame.waitForSelector(`${quizSel(id)}:not(.cs-quiz--checked)`);
}

// --- Scenarios ------------------------------------------------------------

async function readScenario(frame, id) {
  const text = await frame.evaluate((id) => {
    const sec = [...document.querySelectorAll('section.cs-scenario')].find((s) => s.getAttribute('data-scenario') === id);
    return sec.querySelector('script.cs-scenario__key').textContent;
  }, id);
  return decodeKey(id, text);
}

/** Choice indices along the best- or worst-scoring simple path. */
function scenarioPath(key, mode) {
  let bestPath = null;
  let bestScore = null;
  const walk = (node, seen, path, score) => {
    const k = key.nodes[node];
    if (!k || k.end || !k.choices || !k.choices.length) {
      if (bestScore === null || (mode === 'best' ? score > bestScore : score < bestScore)) {
        bestScore = score;
        bestPath = path.slice();
      }
      return;
    }
    k.choices.forEach((c, i) => {
      if (seen.has(c.target)) return;
      seen.add(c.target);
      path.push(i);
      walk(c.target, seen, path, score + (Number(c.points) || 0));
      path.pop();
      seen.delete(c.target);
    });
  };
  walk(key.start, new Set([key.start]), [], 0);
  return bestPath;
}

const scSel = (id) => `section.cs-scenario[data-scenario="${cssq(id)}"]`;

async function play(frame, id, choices) {
  for (const i of choices) {
    await frame.click(`${scSel(id)} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="${i}"]`);
  }
  await frame.waitForSelector(`${scSel(id)}.cs-scenario--ended`);
}

async function playAgain(frame, id) {
  await frame.click(`${scSel(id)} .cs-scenario__again`);
  await frame.waitForSelector(`${scSel(id)}:not(.cs-scenario--ended)`);
}

// --- The LMS --------------------------------------------------------------

/** Data an LMS gives a first launch. */
function firstLaunchData(version, cfg) {
  if (version === '1.2') {
    return {
      core: { student_id: LEARNER.id, student_name: LEARNER.name, entry: 'ab-initio', lesson_mode: 'normal', credit: 'credit' },
      student_data: cfg.graded ? { mastery_score: String(cfg.pass) } : {},
    };
  }
  const d = { learner_id: LEARNER.id, learner_name: LEARNER.name, entry: 'ab-initio', mode: 'normal', credit: 'credit' };
  if (cfg.graded) d.scaled_passing_score = (cfg.pass / 100).toFixed(2);
  return d;
}

/** Data an LMS gives the next launch, from what the last one stored. */
function relaunchData(version, cfg, saved) {
  const c = saved.cmi;
  const d = firstLaunchData(version, cfg);
  if (version === '1.2') {
    Object.assign(d.core, {
      entry: c.core.exit === 'suspend' ? 'resume' : '',
      lesson_location: c.core.lesson_location,
      lesson_status: c.core.lesson_status,
    });
    if (c.core.score.raw !== '') d.core.score = { ...c.core.score };
    d.suspend_data = c.suspend_data;
  } else {
    Object.assign(d, {
      entry: c.exit === 'suspend' ? 'resume' : '',
      location: c.location,
      suspend_data: c.suspend_data,
      completion_status: c.completion_status,
      success_status: c.success_status,
    });
    if (c.score.raw !== '') d.score = { ...c.score };
    d.interactions = c.interactions;
  }
  return d;
}

async function launch(ctx, pkg, version, data) {
  const page = await ctx.newPage();
  await page.goto(hostUrl);
  await page.evaluate(([v, d, u]) => window.lms.launch(v, d, u), [version, data, pkg.url]);
  const wrapper = await waitFrame(page, (f) => f.parentFrame() === page.mainFrame() && /\/scorm\.html(\?|$)/.test(f.url()), 'the launch page');
  const course = await waitFrame(page, (f) => f.parentFrame() === wrapper && /^file:/.test(f.url()), 'the course frame');
  await ready(course);
  return { page, wrapper, course };
}

/** Leave the SCO (the frame is removed or navigated away), return the LMS log. */
async function leave(session, how) {
  const { page } = session;
  const n0 = await page.evaluate(() => window.lms.calls.length);
  await page.evaluate((how) => (how === 'navigate' ? window.lms.navigateAway() : window.lms.close()), how);
  await page.waitForFunction(() => window.lms.calls.some((c) => /^(Terminate|LMSFinish)$/.test(c.fn)), null, { timeout: 10000 })
    .catch(() => {});
  await sleep(150);
  const out = await page.evaluate(() => ({
    calls: window.lms.calls, errors: window.lms.errors, logs: window.lms.logs, data: window.lms.data(),
  }));
  out.interactions = Object.values(out.data.cmi.interactions || {});
  out.leaving = out.calls.slice(n0);   // what the runtime sent while it was being dismissed
  if (process.env.SCORM_DUMP) {   // a folder: every session's log and data model, for reading
    fs.mkdirSync(process.env.SCORM_DUMP, { recursive: true });
    fs.writeFileSync(path.join(process.env.SCORM_DUMP, `session-${String(++dumps).padStart(2, '0')}.json`),
      JSON.stringify(out, null, 1));
  }
  await page.close();
  return out;
}

/** Checks common to every session's log: no error, one Terminate, nothing after it. */
function checkLog(failures, log, version, where) {
  const fin = version === '1.2' ? 'LMSFinish' : 'Terminate';
  for (const e of log.errors) failures.push(`${where}: ${e.fn}(${e.args.map((a) => JSON.stringify(a.slice(0, 60))).join(', ')}) left error ${e.error}`);
  for (const l of log.logs) failures.push(`${where}: scorm-again logged (level ${l.level}): ${l.msg}`);
  const ends = log.calls.map((c, i) => [c, i]).filter(([c]) => c.fn === fin);
  if (ends.length !== 1) failures.push(`${where}: ${fin} called ${ends.length} times, want exactly once`);
  else {
    const [c, i] = ends[0];
    if (c.result !== 'true') failures.push(`${where}: ${fin} returned ${c.result}`);
    if (i !== log.calls.length - 1) failures.push(`${where}: API called after ${fin}: ${log.calls.slice(i + 1).map((x) => x.fn).join(', ')}`);
  }
  // Leaving makes one final request: Terminate alone (values set just
  // before it go with it), no Commit (a second request, refused by
  // browsers past their keep-alive quota while a page is dismissed).
  if (log.leaving) {
    const setOk = /^(cmi\.core\.session_time|cmi\.session_time|cmi\.suspend_data|cmi\.core\.lesson_location|cmi\.location)$/;
    for (const c of log.leaving) {
      if (/Commit$/.test(c.fn)) failures.push(`${where}: ${c.fn} while leaving: the final save must be one request`);
      if (/SetValue$/.test(c.fn) && !setOk.test(c.args[0])) failures.push(`${where}: ${c.fn}(${c.args[0]}) while leaving: set it earlier, with a normal commit`);
    }
    if (!log.leaving.some((c) => c.fn === fin)) failures.push(`${where}: no ${fin} while leaving`);
  }
  const init = version === '1.2' ? 'LMSInitialize' : 'Initialize';
  if (!log.calls.length || log.calls[0].fn !== init) failures.push(`${where}: first call is not ${init}`);
  if (log.calls.filter((c) => c.fn === init).length !== 1) failures.push(`${where}: ${init} not called exactly once`);
  // Score before status: every pass/fail status follows a score.raw.
  const rawEl = version === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.raw';
  let scored = false;
  for (const c of log.calls) {
    if (c.fn.endsWith('SetValue') && c.args[0] === rawEl) scored = true;
    if (c.fn.endsWith('SetValue') && /^(cmi\.core\.lesson_status|cmi\.success_status)$/.test(c.args[0]) &&
        /^(passed|failed)$/.test(c.args[1]) && !scored) {
      failures.push(`${where}: ${c.args[0]} = ${c.args[1]} was sent before any score`);
    }
  }
  const data = log.data.cmi;
  const susp = data.suspend_data || '';
  if (susp.length > LIMIT[version]) failures.push(`${where}: suspend_data is ${susp.length} characters (limit ${LIMIT[version]})`);
  if (susp) {
    try { JSON.parse(susp); } catch { failures.push(`${where}: suspend_data is not JSON: ${susp.slice(0, 80)}`); }
  }
  const sess = version === '1.2' ? data.core.session_time : data.session_time;
  if (!(version === '1.2' ? TIMESPAN12 : DURATION04).test(sess)) failures.push(`${where}: session_time "${sess}" is not a ${version} time span`);
}

/** Every interaction in its version's exact format. */
function checkInteractions(failures, list, version, where) {
  list.forEach((it, n) => {
    const at = `${where}: interaction ${n} (${it.id})`;
    const bad = (what) => failures.push(`${at}: ${what}`);
    const pats = Object.values(it.correct_responses || {}).map((p) => p.pattern);
    if (version === '1.2') {
      if (!ID12.test(it.id)) bad(`id not a CMIIdentifier`);
      if (!TYPES12.test(it.type)) bad(`type "${it.type}"`);
      const f = FORMAT12[it.type];
      if (it.student_response !== '' && f && !f.test(it.student_response)) bad(`student_response "${it.student_response}" is not ${it.type}`);
      for (const p of pats) if (f && !f.test(p)) bad(`pattern "${p}" is not ${it.type}`);
      if (!RESULT12.test(it.result)) bad(`result "${it.result}"`);
      if (!TIMESPAN12.test(it.latency)) bad(`latency "${it.latency}"`);
      if (!TIME12.test(it.time)) bad(`time "${it.time}"`);
      if (it.weighting !== '' && !DECIMAL12.test(it.weighting)) bad(`weighting "${it.weighting}"`);
      if (it.result === 'correct' && pats.length && ['choice', 'true-false', 'matching', 'sequencing'].includes(it.type)) {
        const norm = (s) => (it.type === 'sequencing' ? s : s.split(',').sort().join(','));
        if (norm(it.student_response) !== norm(pats[0])) bad(`correct, but response "${it.student_response}" is not the pattern "${pats[0]}"`);
      }
    } else {
      if (!/^\S{1,4000}$/.test(it.id)) bad(`id not a long_identifier_type`);
      if (!TYPES04.test(it.type)) bad(`type "${it.type}"`);
      const f = FORMAT04[it.type];
      if (it.learner_response !== '' && f && !f.test(it.learner_response)) bad(`learner_response "${it.learner_response}" is not ${it.type}`);
      for (const p of pats) if (PATTERN04[it.type] && !PATTERN04[it.type].test(p)) bad(`pattern "${p}" is not ${it.type}`);
      if (!RESULT04.test(it.result)) bad(`result "${it.result}"`);
      if (!DURATION04.test(it.latency)) bad(`latency "${it.latency}"`);
      if (!TIME04.test(it.timestamp)) bad(`timestamp "${it.timestamp}"`);
      if (it.weighting !== '' && !DECIMAL04.test(it.weighting)) bad(`weighting "${it.weighting}"`);
      if (!it.description) bad('no description');
      else if (it.description.length > 250 || !DESC04.test(it.description)) bad(`description "${it.description}"`);
      if (it.result === 'correct' && pats.length && ['choice', 'true-false', 'matching', 'sequencing'].includes(it.type)) {
        const norm = (s) => (it.type === 'sequencing' ? s : s.split('[,]').sort().join('[,]'));
        if (norm(it.learner_response) !== norm(pats[0])) bad(`correct, but response "${it.learner_response}" is not the pattern "${pats[0]}"`);
      }
      if (it.type === 'numeric' && it.result === 'correct' && pats.length) {
        const [lo, hi] = pats[0].split('[:]').map((x) => (x === '' ? NaN : Number(x)));
        const x = Number(it.learner_response);
        if (!(x >= lo - 1e-9 && x <= hi + 1e-9)) bad(`correct, but ${x} is outside ${pats[0]}`);
      }
    }
    // 1.2 has no numeric ranges: an exact answer only.
    if ((/^(choice|true-false|matching|sequencing|fill-in)$/.test(it.type) || (it.type === 'numeric' && version === '2004')) &&
        !pats.length) {
      bad('no correct response pattern');
    }
  });
}

function statusOf(version, data) {
  const c = data.cmi;
  return version === '1.2'
    ? { status: c.core.lesson_status, raw: c.core.score.raw, min: c.core.score.min, max: c.core.score.max,
      exit: c.core.exit, location: c.core.lesson_location, suspend: c.suspend_data }
    : { completion: c.completion_status, success: c.success_status, raw: c.score.raw, min: c.score.min,
      max: c.score.max, scaled: c.score.scaled, exit: c.exit, location: c.location, suspend: c.suspend_data };
}

// --- Worst-case suspend_data (docs/scorm-runtime.md) ----------------------

const TEXT_MAX = 250;   // typed answers are stored up to this many characters

/** Encoded size of one stored response at its longest. */
function responseSize(q) {
  const n = q.n;
  const big = (k) => Array.from({ length: k }, (_, i) => i);
  switch (q.type) {
    case 'single': case 'likert': return n <= 36 ? 4 : 2 + 1 + String(n - 1).length;
    case 'true-false': return 3;
    case 'multiple': return n <= 36 ? n + 3 : 2 + big(n).reduce((a, i) => a + 1 + String(i).length + 1, -1);
    case 'matching': return n <= 36 ? 2 * n + 3 : 2 + big(n).reduce((a, i) => a + 2 * (1 + String(i).length) + 1 + 1, -1);
    case 'ordering': return n <= 35 ? n + 3 : 2 + big(n).reduce((a, i) => a + String(i + 1).length + 1, -1);
    default: return 2 * TEXT_MAX + 2;   // fill-in, numeric
  }
}

/** Longest walk a learner can store: simple paths if acyclic, else the cap. */
function scenarioSteps(key) {
  const state = {};
  let cyclic = false;
  const longest = (node) => {
    if (state[node] === 1) { cyclic = true; return 0; }
    if (state[node] && state[node].done) return state[node].len;
    state[node] = 1;
    const k = key.nodes[node];
    let len = 0;
    if (k && !k.end && k.choices) for (const c of k.choices) len = Math.max(len, 1 + longest(c.target));
    state[node] = { done: true, len };
    return len;
  };
  const len = longest(key.start);
  return cyclic ? 100 : Math.min(100, len);
}

/** The formula of docs/scorm-runtime.md for a built course. */
function worstCase(outDir, cfg) {
  let W = 28 + Math.ceil(cfg.lessons.length / 6);
  if (cfg.assessments.length) W += 6 + cfg.assessments.reduce((a, g) => a + g.id.length + 3, 0);
  let quizzes = 0, scenarios = 0;
  const files = fs.readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
  for (const f of files) {
    const html = fs.readFileSync(path.join(outDir, f), 'utf8');
    for (const m of html.matchAll(/<section class="cs-quiz"[^>]*>[\s\S]*?<\/section>/g)) {
      const sec = m[0];
      const id = sec.match(/data-quiz="([^"]+)"/)[1];
      const attempts = Number(sec.match(/data-attempts="(\d+)"/)?.[1] || 0);
      const draw = Number(sec.match(/data-draw="(\d+)"/)?.[1] || 0);
      const key = decodeKey(id, sec.match(/<script type="application\/json" class="cs-quiz__key">([\s\S]*?)<\/script>/)[1]);
      const qs = Object.values(key.questions).map((q) => ({
        type: q.type,
        n: q.type === 'matching' ? Object.keys(q.pairs).length : q.type === 'ordering' ? q.order.length
          : Object.keys(q.choices || {}).length,
      }));
      const sizes = qs.map(responseSize).sort((x, y) => y - x);
      const shown = draw > 0 && draw < sizes.length ? sizes.slice(0, draw) : sizes;
      const R = 1 + shown.reduce((a, x) => a + x + 1, 0) + 2 * (sizes.length - shown.length);
      const Dn = attempts > 0 ? String(attempts).length : 4;
      W += id.length + Dn + R + 35;
      quizzes++;
    }
    for (const m of html.matchAll(/<section class="cs-scenario"[^>]*>[\s\S]*?<\/section>/g)) {
      const sec = m[0];
      const id = sec.match(/data-scenario="([^"]+)"/)[1];
      const key = decodeKey(id, sec.match(/<script type="application\/json" class="cs-scenario__key">([\s\S]*?)<\/script>/)[1]);
      W += id.length + 4 + scenarioSteps(key) + 13;
      scenarios++;
    }
  }
  if (quizzes) W += 6;
  if (scenarios) W += 6;
  return { W, quizzes, scenarios };
}

// --- Set-up ---------------------------------------------------------------

before(async () => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'coursec-scorm-'));
  const hostDir = path.join(tmpRoot, 'lms');
  fs.mkdirSync(hostDir);
  const dist = path.dirname(require.resolve('scorm-again/scorm12'));   // dist/, the UMD builds
  for (const f of ['scorm12.js', 'scorm2004.js']) fs.copyFileSync(path.join(dist, f), path.join(hostDir, f));
  fs.copyFileSync(path.join(ROOT, 'tests', 'browser', 'fixtures', 'scorm-host.html'), path.join(hostDir, 'index.html'));
  hostUrl = pathToFileURL(path.join(hostDir, 'index.html')).href;
  if (fs.existsSync(COURSEC)) {
    for (const name of findCourses()) {
      const entry = { name };
      try {
        const built = await buildCourse(name, path.join(tmpRoot, 'built'));
        entry.outDir = built.outDir;
        entry.indexUrl = built.indexUrl;
        entry.pkg = {};
        for (const [version, suffix] of [['1.2', 'scorm12'], ['2004', 'scorm2004']]) {
          const zip = path.join(path.dirname(built.outDir), `${built.courseId}-${suffix}.zip`);
          const dir = path.join(tmpRoot, 'pkg', name, suffix);
          await unzip(zip, dir);
          const scorm = path.join(dir, 'scorm.html');
          entry.pkg[version] = { dir, url: pathToFileURL(scorm).href, cfg: readConfig(scorm) };
        }
      } catch (e) {
        entry.error = e;
      }
      courses.push(entry);
    }
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...LAUNCH_ARGS, '--allow-file-access-from-files'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (tmpRoot && !process.env.KEEP_TMP) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

// --- Tests ----------------------------------------------------------------

describe('SCORM runtime', () => {
  test('courses build and package', { timeout: TEST_TIMEOUT }, () => {
    if (!fs.existsSync(COURSEC)) assert.fail(`compiler not found at ${COURSEC}: run 'make coursec' first`);
    assert.ok(courses.length > 0, 'no course in courses/');
    for (const c of courses) if (c.error) throw c.error;
  });

  for (const version of VERSIONS) {
    test(`every course, SCORM ${version}: launch, learn, leave, resume, pass`, { timeout: TEST_TIMEOUT }, async (t) => {
      const failures = [];
      for (const course of courses) {
        if (course.error) continue;
        const t0 = Date.now();
        const pkg = course.pkg[version];
        const cfg = pkg.cfg;
        const where = `${course.name} ${version}`;
        const ctx = await scormContext();
        try {
        const stopAt = Math.floor(cfg.lessons.length / 2);
        let expected = 0;            // interactions the runtime must have written (1.2 journals)
        const distinct = new Set();  // their ids (2004 rewrites one interaction per question)
        const noteQuiz = (qid, quiz) => { for (const q of quiz.visible) distinct.add(interactionId(`${qid}.${q.qid}`)); };
        const seen = new Set();      // lessons shown

        // Session 1: first half of the course.
        let s = await launch(ctx, pkg, version, firstLaunchData(version, cfg));
        const status0 = statusOf(version, await s.page.evaluate(() => window.lms.data()));
        const st0 = version === '1.2' ? status0.status : status0.completion;
        if (st0 !== 'incomplete') failures.push(`${where}: after launch the status is "${st0}", want incomplete`);
        if (!s.course.url().endsWith('/index.html')) failures.push(`${where}: first launch opened ${s.course.url()}, want index.html`);
        await go(s.course, 'a.cs-start');
        let unchecked = null;        // { quiz, state } left answered but not checked
        for (let i = 0; ; i++) {
          const info = await pageInfo(s.course);
          seen.add(info.lesson);
          const last = i === stopAt || !info.hasNext;
          for (const sc of info.scenarios) {
            const key = await readScenario(s.course, sc);
            await play(s.course, sc, scenarioPath(key, 'worst'));
            await playAgain(s.course, sc);
            await play(s.course, sc, scenarioPath(key, 'best'));
            expected += 2;
            distinct.add(interactionId(sc));
          }
          for (const qz of info.quizzes) {
            if (qz.mode === 'graded') continue;   // session 2
            const quiz = await answer(s.course, qz.id, 'wrong');
            await check(s.course, qz.id);
            expected += quiz.visible.length;
            noteQuiz(qz.id, quiz);
            await tryAgain(s.course, qz.id);
            const again = await answer(s.course, qz.id, 'correct');
            if (last && !unchecked) {
              // (no wait: the wrapper pulls the state at pagehide)
              unchecked = { quiz: qz.id, visible: again.visible.length, answered: again,
                state: await s.course.evaluate((id) => window.coursec.state.q[id], qz.id) };
              continue;
            }
            await check(s.course, qz.id);
            expected += again.visible.length;
            noteQuiz(qz.id, again);
          }
          if (last) break;
          await go(s.course, 'a[rel="next"]');
        }
        const stopHref = cfg.lessons.find((l) => l.id === [...seen].pop()).href;
        const beforeLeave = await s.course.evaluate(() => window.coursec.state);
        let log = await leave(s, 'remove');
        const n1 = log.interactions.length;
        checkLog(failures, log, version, `${where} session 1`);
        checkInteractions(failures, log.interactions, version, `${where} session 1`);
        const want1 = version === '1.2' ? expected : distinct.size;
        if (log.interactions.length !== want1) failures.push(`${where} session 1: ${log.interactions.length} interactions, want ${want1}`);
        let st = statusOf(version, log.data);
        if (st.location !== stopHref) failures.push(`${where} session 1: location "${st.location}", want "${stopHref}"`);
        if (st.exit !== 'suspend') failures.push(`${where} session 1: exit "${st.exit}", want suspend`);
        if ((version === '1.2' ? st.status : st.completion) !== 'incomplete') failures.push(`${where} session 1: not incomplete: ${JSON.stringify(st)}`);
        t.diagnostic(`${where}: session 1 read ${seen.size} of ${cfg.lessons.length} lessons, ${log.interactions.length} interactions, ` +
          `${log.calls.length} API calls, suspend_data ${st.suspend.length} chars: ${st.suspend.slice(0, 160)}${st.suspend.length > 160 ? '…' : ''}`);

        // Session 2: resume where we left, then finish and pass.
        const saved1 = log.data;
        s = await launch(ctx, pkg, version, relaunchData(version, cfg, saved1));
        if (!s.course.url().endsWith('/' + stopHref)) failures.push(`${where} session 2: resumed at ${s.course.url()}, want ${stopHref}`);
        const restored = await s.course.evaluate(() => window.coursec.state);
        for (const kind of ['q', 's']) {
          for (const id of Object.keys(beforeLeave[kind] || {})) {
            if (canon(restored[kind][id]) !== canon(beforeLeave[kind][id])) {
              failures.push(`${where} session 2: ${kind === 'q' ? 'quiz' : 'scenario'} ${id} restored as ${JSON.stringify(restored[kind][id])}, was ${JSON.stringify(beforeLeave[kind][id])}`);
            }
          }
        }
        // The outline lists the current module's lessons (other modules
        // are one link each): every read lesson it lists is ticked.
        const readHrefs = cfg.lessons.filter((l) => seen.has(l.id)).map((l) => l.href);
        const dom = await s.course.evaluate((read) => {
          const items = [...document.querySelectorAll('.cs-outline__lesson')];
          const isRead = (li) => { const a = li.querySelector('a[href]'); return !!a && read.some((h) => a.href.endsWith('/' + h)); };
          return {
            ticks: items.filter((li) => li.classList.contains('cs-visited')).length,
            wanted: items.filter(isRead).length,
            endedScenarios: document.querySelectorAll('section.cs-scenario.cs-scenario--ended').length,
            scenarios: document.querySelectorAll('section.cs-scenario').length,
          };
        }, readHrefs);
        if (dom.ticks < dom.wanted || !dom.wanted) failures.push(`${where} session 2: the outline ticks ${dom.ticks} lessons, it lists ${dom.wanted} of the ${seen.size} read`);
        if (dom.endedScenarios !== dom.scenarios) failures.push(`${where} session 2: ${dom.scenarios - dom.endedScenarios} scenario(s) not restored at their ending`);
        if (unchecked) {
          const shown = await s.course.evaluate((id) => {
            const sec = document.querySelector(`section.cs-quiz[data-quiz="${CSS.escape(id)}"]`);
            return {
              checked: sec.classList.contains('cs-quiz--checked'),
              answered: [...sec.querySelectorAll('fieldset.cs-q:not([hidden])')].filter((f) =>
                f.querySelector('input:checked') || [...f.querySelectorAll('input[type="text"], select')].some((x) => x.value !== '')).length,
            };
          }, unchecked.quiz);
          if (shown.checked) failures.push(`${where} session 2: quiz ${unchecked.quiz} was left unchecked, it comes back checked`);
          if (shown.answered !== unchecked.visible) failures.push(`${where} session 2: quiz ${unchecked.quiz} shows ${shown.answered} answered questions, ${unchecked.visible} were answered`);
          await check(s.course, unchecked.quiz);
          expected += unchecked.visible;
          noteQuiz(unchecked.quiz, unchecked.answered);
          // A graded quiz passes; a practice check never says passed or
          // failed, so there every question shown must be marked correct.
          const passed = await s.course.evaluate((id) => {
            const sec = document.querySelector(`section.cs-quiz[data-quiz="${CSS.escape(id)}"]`);
            if (sec.classList.contains('cs-quiz--passed')) return true;
            const shownQs = [...sec.querySelectorAll('fieldset.cs-q:not([hidden])')];
            return !sec.classList.contains('cs-quiz--failed') && shownQs.length > 0 &&
              shownQs.every((f) => f.classList.contains('cs-q--correct'));
          }, unchecked.quiz);
          if (!passed) failures.push(`${where} session 2: the restored right answers of ${unchecked.quiz} did not pass`);
        }
        // The rest of the course.
        const assessments = new Set(cfg.assessments.map((a) => a.id));
        for (let first = true; ; first = false) {
          const info = await pageInfo(s.course);
          const revisit = first && seen.has(info.lesson);   // done in session 1, but its assessments
          seen.add(info.lesson);
          {
            if (!revisit) {
              // A bad path, then a good one, as in session 1.
              for (const sc of info.scenarios) {
                const key = await readScenario(s.course, sc);
                await play(s.course, sc, scenarioPath(key, 'worst'));
                await playAgain(s.course, sc);
                await play(s.course, sc, scenarioPath(key, 'best'));
                expected += 2;
                distinct.add(interactionId(sc));
              }
            }
            for (const qz of info.quizzes) {
              if (revisit && qz.mode !== 'graded') continue;
              const { attempts } = await readQuiz(s.course, qz.id);
              if (attempts === 1) {   // no second chance: pass at once
                const only = await answer(s.course, qz.id, 'correct');
                await check(s.course, qz.id);
                expected += only.visible.length;
                noteQuiz(qz.id, only);
                continue;
              }
              const quiz = await answer(s.course, qz.id, 'wrong');
              await check(s.course, qz.id);
              expected += quiz.visible.length;
              noteQuiz(qz.id, quiz);
              if (assessments.has(qz.id)) {
                const mid = statusOf(version, await s.page.evaluate(() => window.lms.data()));
                const want = version === '1.2' ? mid.status === 'incomplete' : mid.completion === 'incomplete' && mid.success === 'failed';
                if (!want) failures.push(`${where} session 2: after a failed attempt with attempts left: ${JSON.stringify({ ...mid, suspend: undefined })}`);
              }
              await tryAgain(s.course, qz.id);
              const again = await answer(s.course, qz.id, 'correct');
              await check(s.course, qz.id);
              expected += again.visible.length;
              noteQuiz(qz.id, again);
            }
          }
          if (!info.hasNext) break;
          await go(s.course, 'a[rel="next"]');
        }
        log = await leave(s, 'navigate');
        checkLog(failures, log, version, `${where} session 2`);
        checkInteractions(failures, log.interactions, version, `${where} session 2`);
        st = statusOf(version, log.data);
        // 2004 interactions are kept and read back by the LMS (this one
        // reloads them), one per question, rewritten at each check; 1.2
        // ones are write-only, journaled, and start again at 0.
        const all = version === '1.2' ? n1 + log.interactions.length : log.interactions.length;
        const want = version === '1.2' ? expected : distinct.size;
        if (all !== want) failures.push(`${where}: ${all} interactions over both sessions, want ${want}`);
        if (version === '2004' && new Set(log.interactions.map((x) => x.id)).size !== log.interactions.length) {
          failures.push(`${where}: an interaction id appears twice`);
        }
        if (version === '1.2') {
          const want = cfg.graded ? 'passed' : 'completed';
          if (st.status !== want) failures.push(`${where}: final lesson_status "${st.status}", want ${want}`);
          if (st.exit !== '') failures.push(`${where}: final exit "${st.exit}", want ""`);
        } else {
          if (st.completion !== 'completed') failures.push(`${where}: final completion_status "${st.completion}"`);
          const want = cfg.graded ? 'passed' : 'unknown';
          if (st.success !== want) failures.push(`${where}: final success_status "${st.success}", want ${want}`);
          if (st.exit !== 'normal') failures.push(`${where}: final exit "${st.exit}", want normal`);
        }
        if (cfg.graded) {
          if (!(Number(st.raw) >= cfg.pass)) failures.push(`${where}: score.raw "${st.raw}" below the pass mark ${cfg.pass}`);
          if (st.min !== '0' || st.max !== '100') failures.push(`${where}: score min/max "${st.min}"/"${st.max}", want 0/100`);
          if (version === '2004' && Math.abs(Number(st.scaled) - Number(st.raw) / 100) > 1e-9) failures.push(`${where}: score.scaled "${st.scaled}" is not raw/100`);
        } else if (st.raw !== '') {
          failures.push(`${where}: a course without assessment reported score ${st.raw}`);
        }
        if (seen.size !== cfg.lessons.length) failures.push(`${where}: read ${seen.size} of ${cfg.lessons.length} lessons`);
        t.diagnostic(`${where}: session 2 ended ${JSON.stringify({ ...st, suspend: undefined })}, ${log.interactions.length} interactions ` +
          `(${all} over both sessions), suspend_data ${st.suspend.length}/${LIMIT[version]} chars; ${ms(t0)}`);
        } catch (e) {
          failures.push(`${where}: stopped: ${e.stack || e}`);
        }
        failures.push(...new Set(ctx.problems.map((x) => `${where}: ${x}`)));
        await ctx.close();
      }
      report(`SCORM ${version}`, failures);
    });

    test(`courses with an assessment, SCORM ${version}: out of attempts is completed and failed`, { timeout: TEST_TIMEOUT }, async (t) => {
      let ran = 0;
      const failures = [];
      for (const course of courses) {
        if (course.error) continue;
        const pkg = course.pkg[version];
        const cfg = pkg.cfg;
        if (!cfg.graded) continue;
        const t0 = Date.now();
        const where = `${course.name} ${version} (failing)`;
        const ctx = await scormContext();
        try {
        // An earlier learner on this browser, in HTML mode, read every
        // lesson and passed: a new SCORM attempt must not inherit that.
        const p0 = await ctx.newPage();
        await p0.goto(pkg.url.replace(/scorm\.html$/, 'index.html'));
        await p0.evaluate(([id, lessons, graded]) => {
          localStorage.setItem(`coursec:${id}:visited`, JSON.stringify({ last: lessons[0].id,
            lessons: Object.fromEntries(lessons.map((l) => [l.id, l.href])) }));
          localStorage.setItem(`coursec:${id}:quiz`, JSON.stringify({ v: 1, s: {},
            q: Object.fromEntries(graded.map((g) => [g.id, { n: 1, c: 1, p: 1, b: 100 }])) }));
        }, [cfg.course, cfg.lessons, cfg.assessments]);
        await p0.close();
        const s = await launch(ctx, pkg, version, firstLaunchData(version, cfg));
        const stale = await s.course.evaluate(() => ({
          ticks: document.querySelectorAll('.cs-outline__lesson.cs-visited').length,
          start: document.querySelector('a.cs-start').getAttribute('href'),
        }));
        if (stale.ticks) failures.push(`${where}: a first attempt shows ${stale.ticks} lessons visited (stale localStorage)`);
        if (stale.start !== cfg.lessons[0].href) failures.push(`${where}: a first attempt's start button goes to ${stale.start}`);
        await go(s.course, 'a.cs-start');
        const assessments = new Set(cfg.assessments.map((a) => a.id));
        for (;;) {
          const info = await pageInfo(s.course);
          for (const qz of info.quizzes) {
            if (!assessments.has(qz.id)) continue;
            const { attempts } = await readQuiz(s.course, qz.id);
            if (!(attempts > 0)) { t.diagnostic(`${where}: ${qz.id} has unlimited attempts, skipped`); continue; }
            for (let a = 1; a <= attempts; a++) {
              await answer(s.course, qz.id, 'wrong');
              await check(s.course, qz.id);
              if (a < attempts) await tryAgain(s.course, qz.id);
            }
          }
          if (!info.hasNext) break;
          await go(s.course, 'a[rel="next"]');
        }
        const log = await leave(s, 'navigate');
        checkLog(failures, log, version, where);
        checkInteractions(failures, log.interactions, version, where);
        const st = statusOf(version, log.data);
        const limited = cfg.assessments.length > 0;
        if (limited && version === '1.2' && st.status !== 'failed') failures.push(`${where}: lesson_status "${st.status}", want failed`);
        if (limited && version === '2004' && (st.completion !== 'completed' || st.success !== 'failed')) {
          failures.push(`${where}: completion/success "${st.completion}"/"${st.success}", want completed/failed`);
        }
        if (!(Number(st.raw) < cfg.pass)) failures.push(`${where}: score.raw "${st.raw}" is not below ${cfg.pass}`);
        t.diagnostic(`${where}: ${JSON.stringify({ ...st, suspend: undefined })}; ${ms(t0)}`);
        } catch (e) {
          failures.push(`${where}: stopped: ${e.stack || e}`);
        }
        failures.push(...new Set(ctx.problems.map((x) => `${where}: ${x}`)));
        await ctx.close();
        ran++;
      }
      if (!ran) t.diagnostic('no course with a graded assessment');
      report(`SCORM ${version} failing`, failures);
    });
  }

  test('one SCO per module: ?m=K covers its module, completes when done, and at its end sends the learner to the LMS menu', { timeout: TEST_TIMEOUT }, async () => {
    const failures = [];
    const perModule = [];
    for (const c of courses.filter((x) => !x.error)) {
      for (const version of VERSIONS) {
        const manifest = fs.readFileSync(path.join(c.pkg[version].dir, 'imsmanifest.xml'), 'utf8');
        if (/parameters="\?m=/.test(manifest)) perModule.push({ course: c, version, manifest });
      }
    }
    assert.ok(perModule.length > 0, 'no package of courses/ has one SCO per module');
    for (const { course, version, manifest } of perModule) {
      const pkg = course.pkg[version];
      const cfg = pkg.cfg;
      const scos = [...new Set(cfg.lessons.map((l) => Number(l.sco)))];
      for (const k of scos) {
        if (!manifest.includes(`parameters="?m=${k}"`)) failures.push(`${course.name} ${version}: no item launches ?m=${k}`);
      }
      if (!/prerequisites: true/.test(fs.readFileSync(path.join(ROOT, 'courses', course.name, 'course.yml'), 'utf8')) &&
          /mapInfo|preConditionRule|adlcp:prerequisites/.test(manifest)) {
        failures.push(`${course.name} ${version}: global objectives or prerequisites without prerequisites: true`);
      }
      // A module without a graded quiz, before another: read it through.
      const graded = new Set(cfg.assessments.map((a) => a.href));
      const k = scos.find((m) => !cfg.lessons.some((l) => Number(l.sco) === m && graded.has(l.href)) &&
        cfg.lessons.some((l) => Number(l.sco) > m));
      if (k === undefined) { failures.push(`${course.name}: no ungraded module before another`); continue; }
      const mine = cfg.lessons.filter((l) => Number(l.sco) === k);
      const where = `${course.name} ${version} module SCO ${k}`;
      const ctx = await scormContext();
      try {
        const s = await launch(ctx, { ...pkg, url: `${pkg.url}?m=${k}` }, version, firstLaunchData(version, cfg));
        if (!s.course.url().endsWith('/' + mine[0].href)) failures.push(`${where}: opened ${s.course.url()}, want ${mine[0].href}`);
        for (let i = 1; i < mine.length; i++) await go(s.course, 'a[rel=next]');
        const st = statusOf(version, await s.page.evaluate(() => window.lms.data()));
        const status = version === '1.2' ? st.status : st.completion;
        if (status !== 'completed') failures.push(`${where}: status "${status}" after its ${mine.length} lessons, want completed`);
        // The module's last lesson: no way into the next module's pages,
        // a message sending the learner to the LMS's menu instead.
        const end = await s.course.evaluate(() => ({
          next: [...document.querySelectorAll('a[rel="next"]')].filter((a) => !a.hidden && a.getClientRects().length).length,
          note: (document.querySelector('.cs-scorm-notice') || {}).textContent || '',
          inBody: !!document.querySelector('article.cs-body .cs-scorm-notice'),
        }));
        if (end.next) failures.push(`${where}: the last lesson of the module still shows Next`);
        if (!/menu|table of contents|sommaire/i.test(end.note) || end.inBody) failures.push(`${where}: no message sending the learner to the LMS menu (${JSON.stringify(end)})`);
        const log = await leave(s, 'remove');
        checkLog(failures, log, version, where);
        if (log.calls.some((x) => /SetValue$/.test(x.fn) && /nav\.request|nav\.event/.test(x.args[0]))) failures.push(`${where}: a navigation request was sent`);
        if (!log.data.cmi.suspend_data) failures.push(`${where}: no suspend_data written`);
      } catch (e) {
        failures.push(`${where}: stopped: ${e.stack || e}`);
      }
      failures.push(...new Set(ctx.problems.map((x) => `${where}: ${x}`)));
      await ctx.close();
    }
    report('one SCO per module', failures);
  });

  for (const version of VERSIONS) {
    test(`read-only launches, SCORM ${version}: review, browse and no-credit write nothing`, { timeout: TEST_TIMEOUT }, async (t) => {
      const failures = [];
      const course = courses.find((c) => !c.error && c.pkg[version].cfg.graded);
      if (!course) { t.diagnostic('no graded course'); return; }
      const pkg = course.pkg[version];
      const cfg = pkg.cfg;
      const finished = (mode, credit) => {
        const d = firstLaunchData(version, cfg);
        const saved = '{"v":1,"h":"0","l":"A"}';   // a finished attempt's progress (another lesson list)
        if (version === '1.2') {
          Object.assign(d.core, { entry: '', lesson_mode: mode, credit, lesson_status: 'passed', lesson_location: cfg.lessons[0].href,
            score: { raw: '100', min: '0', max: '100' } });
          d.suspend_data = saved;
        } else {
          Object.assign(d, { entry: '', mode, credit, completion_status: 'completed', success_status: 'passed', location: cfg.lessons[0].href,
            suspend_data: saved, score: { raw: '100', min: '0', max: '100', scaled: '1' } });
        }
        return d;
      };
      for (const [mode, credit] of [['review', 'credit'], ['browse', 'credit'], ['normal', 'no-credit']]) {
        const where = `${course.name} ${version} ${mode}/${credit}`;
        const ctx = await scormContext();
        try {
          const s = await launch(ctx, pkg, version, finished(mode, credit));
          const note = await s.page.frames().find((f) => /scorm\.html/.test(f.url())).evaluate(() => {
            const p = document.getElementById('cs-scorm-note');
            return p && !p.hidden ? p.textContent : '';
          });
          if (!note) failures.push(`${where}: no message that nothing is recorded`);
          if (await s.course.$('a.cs-start')) await go(s.course, 'a.cs-start');
          for (let i = 0; i < 6; i++) {
            const info = await pageInfo(s.course);
            const qz = info.quizzes.find((q) => q.mode !== 'graded');
            if (qz) { await answer(s.course, qz.id, 'wrong'); await check(s.course, qz.id); break; }
            if (!info.hasNext) break;
            await go(s.course, 'a[rel="next"]');
          }
          const log = await leave(s, 'navigate');
          const writes = log.calls.filter((c) => /SetValue$|Commit$/.test(c.fn));
          for (const c of writes) failures.push(`${where}: ${c.fn}(${c.args.join(', ').slice(0, 60)}) in a read-only launch`);
          const fin = version === '1.2' ? 'LMSFinish' : 'Terminate';
          if (log.calls.filter((c) => c.fn === fin).length !== 1) failures.push(`${where}: ${fin} not called exactly once`);
          for (const e of log.errors) failures.push(`${where}: ${e.fn}(${e.args.join(', ')}) left error ${e.error}`);
          const st = statusOf(version, log.data);
          const kept = version === '1.2' ? st.status === 'passed' : st.completion === 'completed' && st.success === 'passed';
          if (!kept) failures.push(`${where}: the finished record changed: ${JSON.stringify({ ...st, suspend: undefined })}`);
          t.diagnostic(`${where}: ${log.calls.length} calls, none writes; "${note.slice(0, 60)}…"`);
        } catch (e) {
          failures.push(`${where}: stopped: ${e.stack || e}`);
        }
        failures.push(...new Set(ctx.problems.map((x) => `${where}: ${x}`)));
        await ctx.close();
      }
      report(`read-only ${version}`, failures);
    });
  }

  test('HTML mode: scorm.html without an LMS, and the plain output, work as before', { timeout: TEST_TIMEOUT }, async (t) => {
    const failures = [];
    for (const course of courses) {
      if (course.error) continue;
      const t0 = Date.now();
      const where = `${course.name} HTML mode`;
      const ctx = await scormContext();
      try {
      // 1. The package's launch page opened directly.
      const page = await ctx.newPage();
      await page.goto(course.pkg['2004'].url);
      const frame = await waitFrame(page, (f) => f.parentFrame() === page.mainFrame() && /^file:/.test(f.url()), 'the course frame');
      await ready(frame);
      if (!frame.url().endsWith('/index.html')) failures.push(`${where}: scorm.html opened ${frame.url()}`);
      await go(frame, 'a.cs-start');
      await go(frame, 'a[rel="next"]');
      const wrap = await page.evaluate(() => ({ api: !!(window.API || window.API_1484_11), title: document.title }));
      if (wrap.api) failures.push(`${where}: an API appeared`);
      // The launch page itself (the course pages have their own axe runs).
      await page.addScriptTag({ content: AXE_SOURCE });
      const axe = await page.evaluate((tags) => window.axe.run(document, { iframes: false,
        runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)), AXE_TAGS);
      for (const v of axe) failures.push(`${where}: scorm.html: axe: ${v}`);
      const a11y = await page.evaluate(() => {
        const f = document.querySelector('iframe');
        return { lang: document.documentElement.lang, title: document.title, frameTitle: f && f.title,
          noscript: !!document.querySelector('noscript') };
      });
      if (!a11y.lang || !a11y.title || !a11y.frameTitle || !a11y.noscript) failures.push(`${where}: scorm.html lacks lang, title, frame title or noscript: ${JSON.stringify(a11y)}`);
      // 2. The plain HTML output: quizzes keep their progress in localStorage.
      const p2 = await ctx.newPage();
      const quizPage = fs.readdirSync(course.outDir, { recursive: true }).map(String)
        .filter((f) => f.endsWith('.html')).find((f) => /data-quiz="/.test(fs.readFileSync(path.join(course.outDir, f), 'utf8')));
      if (quizPage) {
        await p2.goto(pathToFileURL(path.join(course.outDir, quizPage)).href);
        await ready(p2.mainFrame());
        const id = (await pageInfo(p2.mainFrame())).quizzes[0].id;
        await answer(p2.mainFrame(), id, 'correct');
        await check(p2.mainFrame(), id);
        const stored = await p2.evaluate(() => Object.keys(localStorage).filter((k) => /^coursec:.*:quiz$/.test(k)).map((k) => localStorage.getItem(k)));
        if (!stored.length || !stored[0].includes(id)) failures.push(`${where}: ${quizPage}: no progress in localStorage`);
        const bridge = await p2.evaluate(() => ({ host: typeof window.coursecScorm, bridge: typeof window.__coursecBridge }));
        if (bridge.host !== 'undefined' || bridge.bridge !== 'undefined') failures.push(`${where}: the bridge acted outside SCORM: ${JSON.stringify(bridge)}`);
      }
      t.diagnostic(`${where}: scorm.html and ${quizPage || 'index.html'} clean; ${ms(t0)}`);
      } catch (e) {
        failures.push(`${where}: stopped: ${e.stack || e}`);
      }
      failures.push(...new Set(ctx.problems.map((x) => `${where}: ${x}`)));
      await ctx.close();
    }
    report('HTML mode', failures);
  });

  test('suspend_data codec: lossless, and the documented worst case is a tight bound', { timeout: TEST_TIMEOUT }, async (t) => {
    const course = courses.find((c) => !c.error);
    if (!course) return;
    const ctx = await scormContext();
    const page = await ctx.newPage();
    await page.goto(course.pkg['1.2'].url);   // no LMS: the codec is still there
    await page.waitForFunction(() => !!window.coursecScorm);
    const out = await page.evaluate(() => {
      const codec = window.coursecScorm._codec;
      const failures = [];
      const rnd = (n) => Math.floor(Math.random() * n);
      const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
      // Round trips of random engine states.
      const samples = ['c0', 'c35', 'c3,c7,c12', 'true', 'false', 'L0.R2,L1.R0,L2.R1', '2,,1,3', '1,5',
        '', 'plain text', '!bang', '~tilde', '#hash', '^', '_', "'quote", 'a "quoted" \\ text', 'c36', 'L36.R0',
        '36,1', '0,1', 'émigré ☃ 𝄞', '-3.5', '42'];
      for (let k = 0; k < 300; k++) {
        const eng = { v: 1, q: {}, s: {} };
        for (let i = 0; i < 1 + rnd(4); i++) {
          const e = { n: rnd(5), h: rnd(2) ? 'h' + rnd(1e6).toString(36) : undefined };
          if (rnd(2)) e.c = 1;
          if (rnd(2)) e.p = 1;
          if (rnd(2)) e.b = rnd(101);
          if (rnd(2)) e.s = rnd(4294967296);
          if (rnd(4)) e.r = Array.from({ length: 1 + rnd(6) }, () => (rnd(5) ? samples[rnd(samples.length)] : null));
          if (!rnd(8)) e.x = { future: rnd(9) };
          Object.keys(e).forEach((key) => e[key] === undefined && delete e[key]);
          if (!e.n) delete e.n;
          eng.q['quiz-' + i] = e;
        }
        for (let i = 0; i < rnd(3); i++) {
          const e = { c: Array.from({ length: rnd(8) }, () => rnd(rnd(10) ? 5 : 40)) };
          if (rnd(2)) e.n = 1 + rnd(3);
          if (rnd(2)) e.b = rnd(101);
          eng.s['sc-' + i] = e;
        }
        const lessons = 1 + rnd(40);
        const visited = {};
        for (let i = 0; i < lessons; i++) if (rnd(2)) visited[i] = 1;
        const out = rnd(2) ? { 'quiz-0': 1 } : {};
        const text = codec.encode({ hash: 'abc', visited, lessons, out, engine: eng });
        const back = codec.decode(text);
        const norm = (o) => JSON.stringify(o, (key, v) => (v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.keys(v).sort().map((kk) => [kk, v[kk]])) : v));
        if (norm(back.engine) !== norm(eng)) failures.push(`round trip: ${norm(eng)} -> ${text} -> ${norm(back.engine)}`);
        if (norm(back.visited) !== norm(visited)) failures.push(`visited: ${norm(visited)} -> ${norm(back.visited)}`);
        if (norm(back.out) !== norm(out)) failures.push(`out: ${norm(out)} -> ${norm(back.out)}`);
        if (failures.length > 5) break;
      }
      // Worst case: a maximal state for a made-up course, against the formula.
      const T = 250;
      const spec = {
        lessons: 37,
        graded: [{ id: 'final-exam', attempts: 3 }],
        quizzes: [
          { id: 'final-exam', attempts: 3, draw: 0, qs: [['single', 4], ['multiple', 6], ['true-false'], ['fill-in'], ['numeric'], ['matching', 5], ['ordering', 7], ['likert', 5]] },
          { id: 'practice-one', attempts: 0, draw: 2, qs: [['single', 36], ['multiple', 36], ['matching', 36], ['ordering', 35]] },
        ],
        scenarios: [{ id: 'role-play', steps: 12 }, { id: 'loop', steps: 250 }],
      };
      const size = (q) => ({ single: 4, likert: 4, 'true-false': 3, multiple: q[1] + 3, matching: 2 * q[1] + 3,
        ordering: q[1] + 3, 'fill-in': 2 * T + 2, numeric: 2 * T + 2 }[q[0]]);
      const digits = (n) => String(n).length;
      const Dn = (qz) => (qz.attempts > 0 ? digits(qz.attempts) : 4);
      let W = 28 + Math.ceil(spec.lessons / 6);
      W += 6 + spec.graded.reduce((a, g) => a + g.id.length + 3, 0);
      W += 6 + spec.quizzes.reduce((a, qz) => {
        const sizes = qz.qs.map(size).sort((x, y) => y - x);
        const shown = qz.draw > 0 ? sizes.slice(0, qz.draw) : sizes;
        const R = 1 + shown.reduce((s, x) => s + x + 1, 0) + (qz.qs.length - shown.length) * 2;
        return a + qz.id.length + Dn(qz) + R + 35;
      }, 0);
      W += 6 + spec.scenarios.reduce((a, sc) => a + sc.id.length + 4 + Math.min(100, sc.steps) + 13, 0);
      // The maximal state: every field at its longest.
      const worst = (q) => {
        const n = q[1];
        switch (q[0]) {
          case 'single': case 'likert': return 'c' + (n - 1);
          case 'multiple': return Array.from({ length: n }, (_, i) => 'c' + i).join(',');
          case 'true-false': return 'false';
          case 'fill-in': case 'numeric': return '"' + '\\'.repeat(T - 1) + 'x';   // cut at T
          case 'matching': return Array.from({ length: n }, (_, i) => `L${i}.R${n - 1 - i}`).join(',');
          case 'ordering': return Array.from({ length: n }, (_, i) => String(n - i)).join(',');
        }
        return '';
      };
      const eng = { v: 1, q: {}, s: {} };
      for (const qz of spec.quizzes) {
        const order = qz.qs.map((q, i) => [size(q), i]).sort((a, b) => b[0] - a[0]).map((x) => x[1]);
        const shown = new Set(qz.draw > 0 ? order.slice(0, qz.draw) : order);
        eng.q[qz.id] = { n: qz.attempts > 0 ? qz.attempts : 9999, c: 1, p: 1, b: 100, s: 4294967295,
          h: (4294967295).toString(36), r: qz.qs.map((q, i) => (shown.has(i) ? worst(q) : null)) };
      }
      for (const sc of spec.scenarios) {
        eng.s[sc.id] = { n: 9999, b: 100, c: Array.from({ length: sc.steps }, (_, i) => 35 - (i % 36)) };
      }
      const visited = {};
      for (let i = 0; i < spec.lessons; i++) visited[i] = 1;
      const text = codec.encode({ hash: (4294967295).toString(36), visited, lessons: spec.lessons,
        out: { 'final-exam': 1 }, engine: eng });
      return { failures, W, len: text.length, text: text.slice(0, 300) };
    });
    const failures = [...out.failures];
    if (out.len > out.W) failures.push(`worst case: encoded ${out.len} characters, the formula says at most ${out.W}`);
    if (out.len < out.W) failures.push(`worst case: the formula (${out.W}) is not tight for a maximal state (${out.len})`);
    t.diagnostic(`maximal state: ${out.len} characters, formula ${out.W}: ${out.text.slice(0, 120)}…`);
    for (const c of courses.filter((x) => !x.error)) {
      const w = worstCase(c.outDir, c.pkg['1.2'].cfg);
      t.diagnostic(`${c.name}: worst-case suspend_data ${w.W} characters (${w.quizzes} quizzes, ${w.scenarios} scenarios)` +
        (w.W > LIMIT['1.2'] ? `: MAY EXCEED SCORM 1.2's ${LIMIT['1.2']}` : ', within both limits'));
      if (w.W > LIMIT['2004']) failures.push(`${c.name}: worst-case suspend_data ${w.W} exceeds SCORM 2004's ${LIMIT['2004']}`);
    }
    report('codec', failures, ctx);
    await ctx.close();
  });
});
