// Regenerates the README screenshots from a real build:
//   ./coursec build -f html -o /tmp/shots && node tools/screenshots.mjs /tmp/shots
import { chromium } from 'playwright-core';

const out = process.argv[2] || '/tmp/shots';
const base = 'file://' + out.replace(/\/$/, '') + '/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });

await page.goto(base + 'healthcare-soft-skills/patient-journeys/mapping-the-journey.html');
await page.screenshot({ path: 'docs/images/lesson.png' });

await page.goto(base + 'healthcare-soft-skills/de-escalation/role-play-billing.html');
const sc = page.locator('.cs-scenario').first();
await sc.locator('button').first().click();
await sc.screenshot({ path: 'docs/images/scenario.png' });

await page.goto(base + 'ecoute-active/comprendre-la-demande.html');
const q = page.locator('.cs-quiz fieldset').first();
await q.locator('input[type=radio]').nth(1).check();
await page.locator('.cs-quiz__submit').first().click();
await q.screenshot({ path: 'docs/images/quiz-fr.png' });
await browser.close();
