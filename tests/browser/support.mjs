// Shared helpers for the browser suites (not a test file itself: node's
// runner only picks up *.test.mjs here).
//
//  - findCourses(): every folder under courses/ that has a course.yml
//  - buildCourse(): ./coursec build courses/<name> -o <tmp>, returns the
//    output folder and the page list
//  - launchBrowser(): the Debian chromium, headless, no network features
//  - newWatchedContext(): a browser context that aborts every request
//    that is not file:// (and records it), and records console errors,
//    page errors and failed loads, so each test can assert "clean".
//
// Environment:
//   CHROMIUM          path of the browser (default /usr/bin/chromium)
//   COURSEC           path of the compiler (default ./coursec)
//   COURSEC_COURSES   comma-separated course folder names to test
//                     (default: every folder in courses/ with a course.yml)

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const execFileP = promisify(execFile);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const COURSES_DIR = path.join(ROOT, 'courses');
export const COURSEC = process.env.COURSEC || path.join(ROOT, 'coursec');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
  '--disable-quic',
];

/** Course folder names (under courses/) that have a course.yml. */
export function findCourses() {
  let names;
  if (process.env.COURSEC_COURSES) {
    names = process.env.COURSEC_COURSES.split(',').map((s) => s.trim()).filter(Boolean);
  } else {
    try {
      names = fs.readdirSync(COURSES_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch {
      names = [];
    }
  }
  return names.filter((n) => fs.existsSync(path.join(COURSES_DIR, n, 'course.yml')));
}

/** Best-effort read of a one-line scalar from course.yml (for messages
 *  and the title check); returns null for anything it can't read simply. */
export function courseYamlScalar(courseName, key) {
  let text;
  try {
    text = fs.readFileSync(path.join(COURSES_DIR, courseName, 'course.yml'), 'utf8');
  } catch {
    return null;
  }
  const m = text.match(new RegExp('^' + key + ':[ \\t]*(.*)$', 'm'));
  if (!m) return null;
  let v = m[1].trim();
  if (v === '' || /^[|>]/.test(v)) return null;
  if (v.startsWith('"')) {
    const end = v.lastIndexOf('"');
    if (end <= 0) return null;
    try { return JSON.parse(v.slice(0, end + 1)); } catch { return null; }
  }
  if (v.startsWith("'")) {
    const end = v.lastIndexOf("'");
    if (end <= 0) return null;
    return v.slice(1, end).replace(/''/g, "'");
  }
  v = v.replace(/\s+#.*$/, '').trim();
  return v || null;
}

/**
 * Build one course into a fresh folder under tmpRoot.  Returns
 * { name, outDir, courseId, indexUrl, log } where outDir is the
 * output/<course-id>/ folder that holds index.html.
 */
export async function buildCourse(name, tmpRoot) {
  if (!fs.existsSync(COURSEC)) {
    throw new Error(`compiler not found at ${COURSEC}: run 'make coursec' first`);
  }
  const dest = path.join(tmpRoot, name);
  fs.mkdirSync(dest, { recursive: true });
  let out;
  try {
    out = await execFileP(COURSEC, ['build', path.join('courses', name), '-o', dest],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`coursec build courses/${name} failed (exit ${e.code}):\n${e.stdout || ''}${e.stderr || ''}`);
  }
  const dirs = fs.readdirSync(dest, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dest, d.name, 'index.html')));
  if (dirs.length !== 1) {
    throw new Error(`coursec build courses/${name}: expected one <course-id>/index.html under ${dest}, found ${dirs.length}`);
  }
  const outDir = path.join(dest, dirs[0].name);
  return {
    name,
    outDir,
    courseId: dirs[0].name,
    indexUrl: pathToFileURL(path.join(outDir, 'index.html')).href,
    log: (out.stdout + out.stderr).trim(),
  };
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`browser not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/** Page path relative to the course folder, for messages. */
export function rel(course, url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') {
      const p = path.relative(course.outDir, fileURLToPath(u));
      return p + (u.hash || '');
    }
  } catch { /* fall through */ }
  return url;
}

/** Strip the fragment from a URL string. */
export function noHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:', 'about:']);

/**
 * New browser context whose problems are collected in ctx.problems:
 * every request that is not file:// (data:/blob:/about: never reach a
 * network and are allowed) is aborted and recorded, and so are console
 * errors, uncaught page errors and failed file:// loads.
 */
export async function newWatchedContext(browser, options = {}) {
  const ctx = await browser.newContext(options);
  const problems = [];
  ctx.problems = problems;
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    let scheme = '';
    try { scheme = new URL(url).protocol; } catch { /* bad URL */ }
    if (LOCAL_SCHEMES.has(scheme)) return route.continue();
    const from = route.request().frame()?.url?.() || '?';
    problems.push(`network request blocked (not file://): ${url} (from ${from})`);
    return route.abort('blockedbyclient');
  });
  ctx.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The blocked request itself is already recorded by the route above.
    if (msg.text().includes('ERR_BLOCKED_BY_CLIENT')) return;
    const loc = msg.location();
    const where = loc && loc.url ? ` at ${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''}` : '';
    problems.push(`console error: ${msg.text()}${where} (page ${msg.page()?.url() || '?'})`);
  });
  ctx.on('weberror', (err) => {
    problems.push(`page error: ${err.error().message} (page ${err.page()?.url() || '?'})`);
  });
  ctx.on('requestfailed', (req) => {
    const err = req.failure()?.errorText || '?';
    if (err.includes('ERR_BLOCKED_BY_CLIENT')) return; // already recorded above
    // A load cut short because the page navigated away (e.g. the favicon
    // while the test presses Next quickly); a missing file is
    // ERR_FILE_NOT_FOUND instead.
    if (err.includes('ERR_ABORTED')) return;
    problems.push(`failed to load ${req.url()}: ${err} (page ${req.frame()?.url?.() || '?'})`);
  });
  return ctx;
}

/** Throw if the context recorded any problem; clears the list. */
export function assertClean(ctx, what) {
  if (ctx.problems.length) {
    const list = [...new Set(ctx.problems)];
    ctx.problems.length = 0;
    throw new Error(`${what}: ${list.length} problem(s) in the browser:\n  - ${list.join('\n  - ')}`);
  }
}

/** Collapse whitespace, as a reader would see a name. */
export function norm(s) {
  return (s || '').replace(/\s+/g, ' ').trim();
}

// --- Quizzes (docs/quiz-runtime.md) -------------------------------------

/** FNV-1a-32 of the UTF-8 bytes of a string. */
export function fnv1a32(str) {
  let h = 2166136261;
  for (const b of Buffer.from(String(str), 'utf8')) {
    h ^= b;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

/** XOR bytes in place with the keystream seeded by FNV-1a-32(id). */
function keystream(id, bytes) {
  let x = fnv1a32(id);
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] ^= (x >>> 16) & 0xff;
  }
  return bytes;
}

/** Answer key object -> the base64 string the compiler writes. */
export function encodeKey(id, key) {
  const bytes = keystream(id, Buffer.from(JSON.stringify(key), 'utf8'));
  return bytes.toString('base64');
}

/** The base64 string (or the <script>'s JSON text) -> key object. */
export function decodeKey(id, encoded) {
  let b64 = encoded.trim();
  if (b64.startsWith('"')) b64 = JSON.parse(b64);
  return JSON.parse(keystream(id, Buffer.from(b64, 'base64')).toString('utf8'));
}

/** Flat "key: value" theme strings file -> object (enough for strings/*.yml). */
export function readStrings(file) {
  const out = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^([A-Za-z0-9_]+):[ \t]*(.*)$/);
    if (!m) continue;
    let v = m[2].trim();
    if (v.startsWith('"')) v = JSON.parse(v);
    else if (v.startsWith("'")) v = v.slice(1, -1).replace(/''/g, "'");
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}

const escHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')
  .replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Render the hand-written fixture page tests/browser/fixtures/NAME.html
 * into dir/NAME[-LANG].html with the theme's assets in dir/_theme/, as
 * the compiler lays out a course.  Placeholders in the fixture:
 *   {{lang}}        the language
 *   {{t.KEY}}       theme string KEY, HTML-escaped
 *   {{strings}}     JSON of every quiz_* / scenario_* string, attribute-escaped
 *   {{key:ID}}      the encoded answer key of quiz/scenario ID (from NAME.keys.mjs)
 * Returns { file, url, keys }.
 */
export async function renderFixture(name, dir, { lang = 'en' } = {}) {
  const fixtures = path.join(ROOT, 'tests', 'browser', 'fixtures');
  const theme = path.join(ROOT, 'themes', 'default');
  const strings = readStrings(path.join(theme, 'strings', `${lang}.yml`));
  const { default: keys } = await import(pathToFileURL(path.join(fixtures, `${name}.keys.mjs`)).href);
  const quizStrings = Object.fromEntries(Object.entries(strings)
    .filter(([k]) => /^(quiz|scenario)_/.test(k)));
  let html = fs.readFileSync(path.join(fixtures, `${name}.html`), 'utf8');
  html = html.replace(/\{\{(lang|strings|t\.[A-Za-z0-9_]+|key:[^}]+)\}\}/g, (m, what) => {
    if (what === 'lang') return lang;
    if (what === 'strings') return escHtml(JSON.stringify(quizStrings));
    if (what.startsWith('t.')) {
      const k = what.slice(2);
      if (!(k in strings)) throw new Error(`fixture ${name}: no string ${k} in ${lang}.yml`);
      return escHtml(strings[k]);
    }
    const id = what.slice(4);
    if (!keys[id]) throw new Error(`fixture ${name}: no key for ${id}`);
    return JSON.stringify(encodeKey(id, keys[id]));
  });
  fs.mkdirSync(path.join(dir, '_theme'), { recursive: true });
  for (const f of fs.readdirSync(path.join(theme, 'assets'))) {
    fs.copyFileSync(path.join(theme, 'assets', f), path.join(dir, '_theme', f));
  }
  const file = path.join(dir, lang === 'en' ? `${name}.html` : `${name}-${lang}.html`);
  fs.writeFileSync(file, html);
  return { file, url: pathToFileURL(file).href, keys, strings };
}
