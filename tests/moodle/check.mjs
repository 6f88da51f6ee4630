// check.mjs RESULTS SITE: asserts on what the Moodle harness recorded
// (RESULTS/<package>/<scenario>.json, see tests/moodle/run.sh) for every
// SCORM package in SITE, and prints PASS:/FAIL: lines and a summary per
// package (visits, API calls, errors, the grade Moodle computed).
//
// Per package: Moodle's import stored every item as a SCO with no PHP
// warning and no row a database would refuse.  Per scenario: it ran to
// its end.  Per visit: zero API errors, every Initialize/Terminate true,
// no refused commit or beacon, no call after Terminate, the Terminate
// request stored (exit and total time in the tracks); across visits no
// status goes down; a relaunch after one failed attempt is not in review
// mode; finally the grade Moodle computes is the expected one.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [res, site] = process.argv.slice(2);
if (!res || !site) {
  console.error('usage: node check.mjs RESULTS_DIR SITE_DIR');
  process.exit(2);
}
let pass = 0, fail = 0;
const ok = (what) => { console.log(`PASS: moodle ${what}`); pass++; };
const ko = (what, why) => { console.log(`FAIL: moodle ${what}: ${why.slice(0, 12).join('; ')}${why.length > 12 ? ` (+${why.length - 12} more)` : ''}`); fail++; };

const RANK12 = { '': 0, 'not attempted': 0, browsed: 0, incomplete: 1, completed: 2, failed: 3, passed: 4 };
const RANKC = { '': 0, unknown: 0, 'not attempted': 0, incomplete: 1, completed: 2 };
const RANKS = { '': 0, unknown: 0, failed: 1, passed: 2 };
const DONE = /^(completed|passed)$/;

/** The runtime's configuration in the package's launch page. */
function config(zip) {
  const html = execFileSync('unzip', ['-p', zip, 'scorm.html'], { encoding: 'utf8' });
  return JSON.parse(/<script type="application\/json" id="cs-scorm-config">([\s\S]*?)<\/script>/.exec(html)[1]);
}

const SCENARIOS = {
  single: ['journey', 'abrupt', 'early-fail', 'early-pass', 'opener'],
  module: ['journey', 'multisco', 'next-through'],
};

const zips = fs.readdirSync(site).filter((f) => /-scorm(12|2004)\.zip$/.test(f)).sort();
if (!zips.length) { console.log(`FAIL: moodle: no package in ${site}`); process.exit(1); }
const table = [];
for (const z of zips) {
  const name = z.replace(/\.zip$/, '');
  const zip = path.join(site, z);
  const cfg = config(zip);
  const manifest = execFileSync('unzip', ['-p', zip, 'imsmanifest.xml'], { encoding: 'utf8' });
  const perModule = /parameters="\?m=/.test(manifest);
  const v2004 = /scorm2004/.test(z);
  const row = { name, visits: 0, calls: 0, errors: 0, grades: [] };
  table.push(row);
  let imported = false;
  for (const sc of SCENARIOS[perModule ? 'module' : 'single']) {
    const what = `${name} ${sc}`;
    const file = path.join(res, name, `${sc}.json`);
    if (!fs.existsSync(file)) {
      let err = '';
      try { err = fs.readFileSync(path.join(res, `${name}.${sc}.stderr`), 'utf8').trim().split('\n').slice(-3).join(' | '); } catch { /* none */ }
      ko(what, [`the harness left no result (timed out or crashed) ${err}`]);
      continue;
    }
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!imported) {
      imported = true;
      const p = [];
      if (!j.import.ok) p.push('Moodle\'s parser refused the manifest');
      for (const w of j.import.php_warnings) p.push(`PHP: ${w}`);
      for (const r of j.import.db_rejects) p.push(`DB rejects: ${typeof r === 'string' ? r : JSON.stringify(r)}`);
      const items = j.import.items.filter((i) => i.launch);
      for (const i of items) if (i.type !== 'sco') p.push(`${i.identifier} imported as "${i.type}"`);
      const want = perModule ? new Set(cfg.lessons.map((l) => l.sco)).size : 1;
      if (items.length !== want) p.push(`${items.length} launchable items, want ${want}`);
      if (p.length) ko(`${name} import`, p); else ok(`${name} import: ${items.length} SCO(s), no PHP warning, no rejected row`);
    }
    if (j.skip) { ok(`${what}: skipped by the harness (${j.skip})`); continue; }
    const p = [];
    if (j.error) p.push(`the scenario broke: ${j.error.split('\n')[0]}`);
    const scos = j.import.scos.map((s) => String(s.id));
    const statusEl = v2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status';
    const exitEl = v2004 ? 'cmi.exit' : 'cmi.core.exit';
    const timeEl = v2004 ? 'cmi.total_time' : 'cmi.core.total_time';
    let before = {};
    let passedGraded = false;
    j.visits.forEach((v, n) => {
      const at = v.visit;
      row.visits++;
      row.calls += Object.values(v.counts).reduce((a, b) => a + b, 0);
      row.errors += v.errors.length;
      for (const e of v.errors) p.push(`${at}: ${e.fn}(${e.element ?? ''}${e.value !== undefined ? ', ' + JSON.stringify(String(e.value).slice(0, 40)) : ''}) -> ${e.ret}/${e.err}`);
      if (!v.initialize.length) p.push(`${at}: no Initialize`);
      for (const i of v.initialize) if (i.ret !== 'true') p.push(`${at}: Initialize on SCO ${i.sco} -> ${i.ret}/${i.err}`);
      if (!v.finish.length) p.push(`${at}: no Terminate`);
      for (const i of v.finish) if (i.ret !== 'true') p.push(`${at}: Terminate on SCO ${i.sco} -> ${i.ret}/${i.err}`);
      for (const c of v.callsAfterFinish) p.push(`${at}: after Terminate: ${c}`);
      for (const e of v.events) if (e.ev === 'sendBeacon' && !e.queued) p.push(`${at}: the browser refused a beacon of ${e.size} bytes`);
      for (const q of v.posts) if (!/^true/.test(String(q.response))) p.push(`${at}: a ${q.beacon ? 'beacon' : 'commit'} was answered ${JSON.stringify(q.response)}`);
      for (const q of v.posts) for (const r of q.rejects || []) p.push(`${at}: DB rejects ${JSON.stringify(r)}`);
      for (const c of v.console) if (/coursec SCORM/.test(c.text)) p.push(`${at}: runtime says: ${c.text.slice(0, 120)}`);
      for (const e of v.pageErrors) p.push(`${at}: page error ${e.split('\n')[0]}`);
      // The final request of every SCO played was stored: exit and time.
      const played = [...new Set(v.finish.filter((i) => i.ret === 'true').map((i) => String(i.sco)))];
      for (const s of played) {
        const t = v.tracks[s] || {};
        const last = [...v.posts].reverse().find((q) => String(q.scoid) === s);
        if (!last || !last.keys.includes(timeEl)) p.push(`${at}: SCO ${s}: the last request did not carry ${timeEl}`);
        if (!t[timeEl]) p.push(`${at}: SCO ${s}: no ${timeEl} stored`);
        if (v.mode === 'normal' && !(exitEl in t)) p.push(`${at}: SCO ${s}: no ${exitEl} stored`);
      }
      // No status goes down from one visit to the next.
      for (const s of scos) {
        const a = before[s] || {}, b = v.tracks[s] || {};
        if (v2004) {
          if ((RANKC[b[statusEl]] ?? 0) < (RANKC[a[statusEl]] ?? 0)) p.push(`${at}: SCO ${s}: completion ${a[statusEl]} -> ${b[statusEl]}`);
          if ((RANKS[b['cmi.success_status']] ?? 0) < (RANKS[a['cmi.success_status']] ?? 0)) p.push(`${at}: SCO ${s}: success ${a['cmi.success_status']} -> ${b['cmi.success_status']}`);
        } else if ((RANK12[b[statusEl]] ?? 0) < (RANK12[a[statusEl]] ?? 0)) {
          p.push(`${at}: SCO ${s}: lesson_status ${a[statusEl]} -> ${b[statusEl]}`);
        }
      }
      before = v.tracks;
      if (v.log.some((l) => /\(graded\) answered correct|answered right/.test(l))) passedGraded = true;
      // A relaunch after a failed attempt (attempts left) is not review.
      if (sc === 'early-fail' && n === 1 && v.mode !== 'normal') p.push(`${at}: relaunched in ${v.mode} mode after one failed attempt`);
      if ((sc === 'abrupt' || sc === 'journey') && n === 1 && v.mode !== 'normal') p.push(`${at}: relaunched in ${v.mode} mode`);
    });
    // Moodle's grade and the final record.
    const g = j.report.grade;
    row.grades.push(`${sc} ${g.highest}`);
    const graded = cfg.assessments.length > 0;
    const wantGrade = graded && passedGraded ? 100 : 0;
    if (g.highest !== wantGrade) p.push(`grade (highest) ${g.highest}, want ${wantGrade}`);
    const reports = j.report.scoes;
    if (sc === 'journey' || sc === 'next-through') {
      for (const s of reports) {
        const t = s.tracks || {};
        if (!DONE.test(t.status || '')) p.push(`SCO ${s.identifier}: status "${t.status}" at the end, want completed or passed`);
      }
      if (g['learning objects completed'] !== reports.length) p.push(`learning objects completed ${g['learning objects completed']}, want ${reports.length}`);
      if (sc === 'journey' && j.visits[2] && j.visits[2].mode !== 'review') p.push(`relaunch once finished: mode ${j.visits[2].mode}, want review`);
    }
    if (sc === 'multisco') {
      for (const k of [0, 1, reports.length - 1]) {
        const t = reports[k].tracks || {};
        if (!DONE.test(t.status || '')) p.push(`SCO ${reports[k].identifier}: status "${t.status}", want completed or passed`);
      }
    }
    const calls = j.visits.reduce((a, v) => a + Object.values(v.counts).reduce((x, y) => x + y, 0), 0);
    const desc = `${j.visits.length} visits, ${calls} API calls, grade ${g.highest}, ` +
      `status ${reports.map((s) => (s.tracks ? s.tracks.status : 'none')).join('/')}`;
    if (p.length) ko(`${what} (${desc})`, p); else ok(`${what}: ${desc}`);
  }
}
console.log('\nmoodle summary (package: visits, API calls, API errors, grade per scenario):');
for (const r of table) console.log(`  ${r.name}: ${r.visits} visits, ${r.calls} API calls, ${r.errors} errors; grades ${r.grades.join(', ')}`);
console.log(`moodle: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
