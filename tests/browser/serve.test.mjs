// The authoring loop, as an author lives it: `coursec new` writes a
// course, `coursec serve` shows it on localhost, and Chromium keeps a
// lesson open while the test edits the Markdown:
//   1. an edit: the open page reloads by itself and shows the change
//   2. a mistake: the page becomes the build report (file:line:col,
//      source line, caret), the same report as in the terminal
//   3. the fix: the page comes back with the lesson
// and the reload script is only in what the server sends, never in the
// built files.  Run: node --test tests/browser/serve.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COURSEC, launchBrowser } from './support.mjs';

const LESSON = path.join('01-first-steps', '01-greeting-a-caller.md');
const PAGE = 'first-steps/greeting-a-caller.html';

let tmp;
let course;
let server;
let serverLog = '';
let baseUrl;
let browser;

/** Resolves with the server's URL once it prints it. */
function startServer() {
  server = spawn(COURSEC, ['serve', '-p', '0', course], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.on('data', (d) => { serverLog += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`coursec serve printed no URL:\n${out}${serverLog}`)), 20000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    server.on('exit', (code) => reject(new Error(`coursec serve exited ${code}:\n${out}${serverLog}`)));
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coursec-serve-test-'));
  course = path.join(tmp, 'front-desk');
  execFileSync(COURSEC, ['new', course]);
  baseUrl = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Edits the lesson and waits for the open page to reload by itself. */
async function editAndWaitReload(page, edit) {
  const reloaded = page.waitForEvent('load', { timeout: 20000 });
  const file = path.join(course, LESSON);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  await reloaded;
}

test('serve: edit, see it reload; break it, see the error; fix it', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Only the local server: the served course must not reach out.
  await ctx.route('**/*', (route) => (route.request().url().startsWith(baseUrl)
    ? route.continue() : (errors.push(`request to ${route.request().url()}`), route.abort())));

  await page.goto(baseUrl + PAGE);
  assert.equal(await page.locator('h1').first().innerText(), 'Greeting a caller');
  assert.ok(await page.locator('.cs-quiz, [data-quiz], form').count() > 0, 'the quiz is on the page');

  // 1. An edit shows up without touching the browser.
  await editAndWaitReload(page, (t) => t.replace('A caller decides in a few seconds',
    'Edited while serving: a caller decides in a few seconds'));
  await page.waitForSelector('text=Edited while serving');
  assert.equal(page.url(), baseUrl + PAGE, 'the same page stays open');

  // 2. A mistake: the page turns into the build report.
  await editAndWaitReload(page, (t) => `${t}\nSee [the missing lesson](03-nowhere.md).\n`);
  await page.waitForSelector('#coursec-report');
  const report = await page.locator('#coursec-report').innerText();
  const line = fs.readFileSync(path.join(course, LESSON), 'utf8').split('\n')
    .findIndex((l) => l.includes('03-nowhere.md')) + 1;
  assert.match(report, new RegExp(`01-greeting-a-caller\\.md:${line}:5: error: link to a missing lesson: 03-nowhere\\.md`));
  assert.match(report, /\| See \[the missing lesson\]\(03-nowhere\.md\)\.\n\s+\|\s{5}\^/, 'source line and caret');
  assert.match(report, /front-desk: not built, 1 error/);
  assert.match(serverLog, /link to a missing lesson: 03-nowhere\.md/, 'the terminal shows it too');

  // 3. The fix brings the lesson back, edit included.
  await editAndWaitReload(page, (t) => t.replace('\nSee [the missing lesson](03-nowhere.md).\n', ''));
  await page.waitForSelector('text=Edited while serving');
  assert.equal(await page.locator('#coursec-report').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('serve: the reload script is only in served pages, not in the build', async () => {
  const served = await (await fetch(baseUrl + PAGE)).text();
  assert.match(served, /__coursec\/state/);
  const state = await (await fetch(`${baseUrl}__coursec/state`)).json();
  assert.equal(state.failed, false);
  const out = path.join(tmp, 'out');
  execFileSync(COURSEC, ['build', '-q', '-f', 'html', '-o', out, course]);
  const file = fs.readFileSync(path.join(out, 'front-desk', PAGE), 'utf8');
  assert.doesNotMatch(file, /__coursec/);
  // Nothing outside the course is served.
  const res = await fetch(`${baseUrl}..%2f..%2fcourse.yml`);
  assert.equal(res.status, 404);
});

test('serve: a change in a theme the course theme extends rebuilds too', async () => {
  // child extends parent, which extends the installed default theme:
  // only child is named on the command line.
  const themes = path.join(tmp, 'themes');
  const child = path.join(themes, 'child');
  const parent = path.join(themes, 'parent');
  fs.mkdirSync(path.join(parent, 'partials'), { recursive: true });
  fs.mkdirSync(child, { recursive: true });
  fs.writeFileSync(path.join(child, 'theme.yml'), 'extends: parent\n');
  fs.writeFileSync(path.join(parent, 'theme.yml'), 'extends: default\n');
  const footer = path.join(parent, 'partials', 'footer.html');
  fs.writeFileSync(footer, '<footer class="cs-footer"><p>Parent footer one</p></footer>\n');

  const proc = spawn(COURSEC, ['serve', '-p', '0', '--theme', child, course], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL:\n${out}${log}`)), 20000);
      proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
      proc.on('exit', (code) => reject(new Error(`coursec serve exited ${code}:\n${out}${log}`)));
    });
    assert.match(await (await fetch(url + PAGE)).text(), /Parent footer one/);
    const gen = (await (await fetch(`${url}__coursec/state`)).json()).gen;

    fs.writeFileSync(footer, '<footer class="cs-footer"><p>Parent footer two</p></footer>\n');
    const deadline = Date.now() + 20000;
    let state;
    do {
      await new Promise((r) => setTimeout(r, 200));
      state = await (await fetch(`${url}__coursec/state`)).json();
    } while (state.gen === gen && Date.now() < deadline);
    assert.notEqual(state.gen, gen, `no rebuild after the parent theme changed:\n${log}`);
    assert.equal(state.failed, false, log);
    assert.match(await (await fetch(url + PAGE)).text(), /Parent footer two/);
  } finally {
    if (proc.exitCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    }
  }
});
