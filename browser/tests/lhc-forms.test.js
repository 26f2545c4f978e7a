// The FHIR export in a real forms client: the NLM's LHC-Forms (npm lforms, pinned in
// package-lock.json) renders `carepath tree FILE --format fhir` in Chromium, and every path of
// the tree's disposition table (`--format paths`) is answered by clicking, as a person would.
// At each step the form must show exactly one unanswered question, the tree's next one; at the
// end none, and the QuestionnaireResponse that LHC-Forms writes must carry the tree's care
// level and the pages its end shows, most urgent first.
//
// Every path of the default tree is walked. LHC-Forms takes about a second per answer on the
// protocol fixture's calculations, so by default its paths are sampled evenly (the first path
// and every n-th after it: FHIR_LHC_PROTOCOL_PATHS, default 6); FHIR_LHC_PROTOCOL_PATHS=all
// walks all of them (about 11 hours on 2 cores); FHIR_LHC_DEFAULT_PATHS samples the default
// tree the same way. tests/fhir/check.mjs walks every path of every tree through the same logic
// with fhirpath.js.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, newInspectContext, repoRoot } from './server.js';

const lforms = join(repoRoot, 'browser', 'node_modules', 'lforms', 'dist', 'lforms');
const HIDDEN = 'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden';

let dir;
let browser;
let page;

function carepath(file, format) {
  const run = spawnSync(process.env.CAREPATH || join(repoRoot, 'target', 'release', 'carepath'), ['tree', '--format', format, '--', file], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(run.status, 0, `carepath tree --format ${format} ${file} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carepath-lhc-'));
  const script = (rel) => `<script src="${pathToFileURL(join(lforms, rel)).href}"></script>`;
  writeFileSync(
    join(dir, 'host.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms host</title></head>
<body><div id="form"></div>
${script('webcomponent/assets/lib/zone.min.js')}
${script('webcomponent/lhc-forms.js')}
${script('fhir/R4/lformsFHIR.min.js')}
</body></html>`,
  );
  browser = await launchBrowser();
  const context = await newInspectContext(browser);
  page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'host.html')).href);
  await page.waitForFunction(() => window.LForms?.Util?.addFormToPage && window.LForms?.Util?.getFormFHIRData);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** linkIds of the items a person answers: choice and boolean, not read-only, not hidden. */
function questions(q) {
  const out = new Set();
  const visit = (items) => {
    for (const item of items || []) {
      const hidden = (item.extension || []).some((e) => e.url === HIDDEN);
      if ((item.type === 'choice' || item.type === 'boolean') && !item.readOnly && !hidden) out.add(item.linkId);
      visit(item.item);
    }
  };
  visit(q.item);
  return out;
}

/** In the page: the questions shown and not yet answered, as [linkId, text]. */
function waitingIn(args) {
  const [asked, answered] = args;
  const shown = [];
  for (const el of document.querySelectorAll('lhc-item')) {
    const link = el.id.replace(/^item-/, '').replace(/\/1$/, '');
    if (!asked.includes(link) || answered.includes(link)) continue;
    shown.push([link, el.querySelector('.question')?.textContent.trim() ?? '']);
  }
  return shown;
}

async function waiting(asked, answered, want) {
  // LHC-Forms works out enableWhen and calculations after each click; wait until the form
  // shows what the tree says (or give up and report what it shows).
  try {
    await page.waitForFunction(
      ([asked, answered, want]) => {
        const shown = [];
        for (const el of document.querySelectorAll('lhc-item')) {
          const link = el.id.replace(/^item-/, '').replace(/\/1$/, '');
          if (asked.includes(link) && !answered.includes(link)) shown.push(el.querySelector('.question')?.textContent.trim());
        }
        return want === null ? shown.length === 0 : shown.length === 1 && shown[0] === want;
      },
      [asked, answered, want],
      { timeout: 20000, polling: 50 },
    );
  } catch {
    // fall through: the caller reports what is shown
  }
  return page.evaluate(waitingIn, [asked, answered]);
}

async function outcome(want) {
  await page
    .waitForFunction(
      (care) => {
        const qr = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'));
        const item = (qr.item || []).find((i) => i.linkId === 'care-level');
        return item?.answer?.[0]?.valueCoding?.code === care;
      },
      want,
      { timeout: 20000, polling: 100 },
    )
    .catch(() => {});
  const qr = await page.evaluate(() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form')));
  const items = qr.item || [];
  const care = items.find((i) => i.linkId === 'care-level')?.answer?.[0]?.valueCoding?.code ?? null;
  const pages = items.filter((i) => i.linkId.startsWith('page:')).map((i) => i.answer?.[0]?.valueCoding?.code);
  return { care, pages, questionnaire: qr.questionnaire };
}

/** Answers one path by clicking; returns its problems (none when LHC-Forms agrees). */
async function walkPath(q, asked, path) {
  await page.evaluate(async (q) => {
    await LForms.Util.addFormToPage(q, 'form');
  }, q);
  const answered = [];
  for (const [i, step] of path.answers.entries()) {
    const shown = await waiting([...asked], answered, step.question);
    if (shown.length !== 1 || shown[0][1] !== step.question) {
      return [`step ${i + 1}: the form shows ${JSON.stringify(shown.map((s) => s[1]))}, the tree asks "${step.question}"`];
    }
    const [link] = shown[0];
    const item = page.locator(`lhc-item[id="item-${link}/1"]`);
    const choice =
      typeof step.sign === 'boolean'
        ? item.locator(`label[id="${link}/1|${step.sign}"]`)
        : item.locator('label.lhc-answer', { hasText: step.label }).filter({ hasText: new RegExp(`^\\s*${step.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
    if ((await choice.count()) !== 1) return [`step ${i + 1}: no single option "${step.label}" on "${step.question}"`];
    await choice.click();
    answered.push(link);
  }
  const left = await waiting([...asked], answered, null);
  if (left.length) return [`the form still asks "${left[0][1]}" after the path ended`];
  const got = await outcome(path.care);
  const want = path.pages.map((p) => p.replace(/\.md$/, ''));
  const problems = [];
  if (got.care !== path.care) problems.push(`care level ${got.care}, the tree says ${path.care}`);
  if (got.pages.join(' + ') !== want.join(' + ')) problems.push(`pages ${got.pages.join(' + ')}, the tree shows ${want.join(' + ')}`);
  if (q.url && got.questionnaire !== `${q.url}|${q.version}`) problems.push(`the response names ${got.questionnaire}`);
  return problems;
}

async function walkTree(file, sample) {
  const q = carepath(file, 'fhir');
  const all = carepath(file, 'paths').paths;
  const step = sample === 'all' ? 1 : Math.max(1, Math.ceil(all.length / Number(sample)));
  const paths = all.filter((_, i) => i % step === 0);
  const asked = questions(q);
  const failures = [];
  for (const [i, path] of paths.entries()) {
    const problems = await walkPath(q, asked, path);
    if (problems.length) failures.push(`path ${i * step + 1}: ${problems.join('; ')}`);
  }
  const passed = paths.length - failures.length;
  console.log(`LHC-Forms ${await page.evaluate(() => LForms.lformsVersion)}: ${file}: ${passed} of ${paths.length} paths walked (of ${all.length} in its table) end on the tree's care level and pages`);
  assert.deepEqual(failures, []);
}

test('LHC-Forms runs every path of the default tree to the same care level and pages', { timeout: 3_600_000 }, async () => {
  await walkTree('content/checks/back-pain-after-sleeping.toml', process.env.FHIR_LHC_DEFAULT_PATHS || 'all');
});

test('LHC-Forms runs the protocol fixture (checklists, variables, findings) to the same outcome', { timeout: 3_600_000 }, async () => {
  await walkTree('tests/fixtures/protocol/content/checks/child.toml', process.env.FHIR_LHC_PROTOCOL_PATHS || '6');
});
