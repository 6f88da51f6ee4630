// Screenshots of the learner's side from a real build, both themes,
// phone and desktop, light and dark, left to right and right to left
// (docs/learner-experience.md shows them).  Run from the top folder:
//   node tools/learner-screenshots.mjs
// It builds tests/learner, tests/rtl-ar and healthcare-soft-skills with
// each theme into a temporary folder and writes docs/images/learner-*.png.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coursec-shots-'));
const url = (theme, id, page) => 'file://' + path.join(tmp, theme, id, page);
for (const theme of ['default', 'studio']) {
  execFileSync('./coursec', ['build', '-q', '-f', 'html', '--theme', `themes/${theme}`, '-o', path.join(tmp, theme),
    'tests/learner', 'tests/rtl-ar', 'courses/healthcare-soft-skills'], { stdio: 'inherit' });
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

async function shot(name, theme, id, page, { viewport = DESKTOP, scheme = 'light', act, full = false } = {}) {
  const ctx = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
  const p = await ctx.newPage();
  await p.goto(url(theme, id, page));
  await p.waitForLoadState('load');
  if (act) await act(p);
  await p.screenshot({ path: `docs/images/learner-${name}.png`, fullPage: full });
  await ctx.close();
}

const roleplay = async (p) => {
  const sc = '#cs-sc-desk-wait';
  for (const i of [1, 0, 0]) await p.click(`${sc} .cs-scenario__node:not([hidden]) .cs-scenario__choice[data-choice="${i}"]`);
  await p.locator(sc).scrollIntoViewIfNeeded();
  await p.evaluate((sc) => document.querySelector(sc).scrollIntoView(), sc);
};
const checked = async (p) => {
  await p.locator('#cs-q-practice-check-q1 .cs-choice label').nth(0).click();
  await p.locator('#cs-q-practice-check-q1 .cs-choice label').nth(1).click();
  const sel = p.locator('#cs-quiz-practice-check .cs-match select');
  for (let i = 0; i < await sel.count(); i++) await sel.nth(i).selectOption({ index: 2 });
  await p.click('#cs-quiz-practice-check .cs-quiz__submit');
  await p.evaluate(() => document.querySelector('#cs-q-practice-check-q1').scrollIntoView());
};

await shot('home-default-desktop-light', 'default', 'learner-fixture', 'index.html');
await shot('roleplay-default-desktop-light', 'default', 'learner-fixture', 'practice.html', { act: roleplay });
await shot('quiz-default-phone-dark', 'default', 'learner-fixture', 'practice.html', { viewport: PHONE, scheme: 'dark', act: checked });
await shot('rtl-default-desktop-light', 'default', 'rtl-ar', 'greeting.html');
await shot('home-studio-desktop-light', 'studio', 'learner-fixture', 'index.html');
await shot('lesson-studio-desktop-dark', 'studio', 'healthcare-soft-skills', 'patient-journeys/mapping-the-journey.html', { scheme: 'dark' });
await shot('roleplay-studio-phone-light', 'studio', 'learner-fixture', 'practice.html', { viewport: PHONE, act: roleplay });
await shot('rtl-studio-phone-dark', 'studio', 'rtl-ar', 'check.html', { viewport: PHONE, scheme: 'dark',
  act: async (p) => { await p.locator('.cs-choice label').nth(0).click(); await p.click('.cs-quiz__submit'); } });
await browser.close();
fs.rmSync(tmp, { recursive: true, force: true });
