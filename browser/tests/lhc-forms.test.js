// The FHIR export in a real forms client: the NLM's LHC-Forms (npm lforms, pinned in
// package-lock.json) renders `carepath tree FILE --format fhir` in Chromium, and every path of
// the tree's disposition table (`--format paths`) is answered by clicking the options, as a
// person would. At every step the form must show exactly the questions answered so far, in the
// tree's order, and one more: the tree's next question. At the end of a path it shows no more,
// and the QuestionnaireResponse that LHC-Forms writes carries the tree's care level and the
// pages its end shows, most urgent first.
//
// Every path of the default tree and of the protocol fixture is walked, depth first over the
// trie of the paths: a path shares its first answers with the path before it, so only the
// answers after the one that differs are clicked (the work is the trie's edges, not the sum of
// the paths' lengths). Going back to an earlier question clears the later answers in the form's
// data (as a person would clear them) and clicks the other option; where a cleared radio-button
// question would stay on screen with its old choice drawn, the form is loaded again from the
// saved QuestionnaireResponse of the answers so far (LHC-Forms' `questionnaireResponse` option).
// The paths are split between FHIR_LHC_PAGES browser pages (default 2) that walk in parallel;
// FHIR_LHC_PATHS=N walks only the first N paths of each tree.
// tests/fhir/check.mjs walks every path of every fixture tree through the same logic with
// fhirpath.js.

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
const PAGES = Math.max(1, Number(process.env.FHIR_LHC_PAGES || 2));

let dir;
let browser;
let context;

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
  context = await newInspectContext(browser);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page with LHC-Forms loaded. */
async function hostPage() {
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'host.html')).href);
  await page.waitForFunction(() => window.LForms?.Util?.addFormToPage && window.LForms?.FHIR);
  return page;
}

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
  return [...out];
}

/** The trie of the paths: each node's children are the answers to one question. */
function trie(paths) {
  const root = { children: [] };
  for (const [i, path] of paths.entries()) {
    let node = root;
    for (const step of path.answers) {
      if (node.children.length && node.children[0].step.question !== step.question) {
        throw new Error(`path ${i + 1}: two questions after the same answers`);
      }
      let next = node.children.find((c) => c.step.label === step.label);
      if (!next) {
        next = { step, node: { children: [] } };
        node.children.push(next);
      }
      node = next.node;
    }
    node.end = { row: i + 1, care: path.care, pages: path.pages.map((p) => p.replace(/\.md$/, '')) };
  }
  return root;
}

/**
 * In the page: walks the trie depth first by clicking in LHC-Forms; returns the number of paths
 * that agree, the problems of the others, and how many answers were clicked and forms loaded.
 */
async function walkIn({ q, root, asked }) {
  const host = document.getElementById('form');
  const askedSet = new Set(asked);
  let runs = 0;
  let ep;
  const form = () => host.querySelector('wc-lhc-form').lhcFormData;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  // LHC-Forms works out enableWhen and calculations in runs that each schedule the next with a
  // timer; the form has settled when a timer tick passes with no run started and none going.
  // A form that never settles is left after 30 s; the next check then says what it shows.
  async function settle() {
    const until = Date.now() + 30_000;
    for (let quiet = 0; quiet < 2 && Date.now() < until; ) {
      const before = runs;
      await tick();
      quiet = runs === before && !ep._currentRunPromise ? quiet + 1 : 0;
    }
  }
  async function load(qr) {
    await LForms.Util.addFormToPage(q, host, qr ? { questionnaireResponse: qr } : {});
    ep = form()._expressionProcessor;
    const run = ep.runCalculations.bind(ep);
    ep.runCalculations = (initial) => {
      runs++;
      return run(initial);
    };
    await settle();
  }
  // The questions shown, in form order, as [linkId, text].
  function shown() {
    const out = [];
    for (const el of host.querySelectorAll('lhc-item')) {
      const link = el.id.replace(/^item-/, '').replace(/\/1$/, '');
      if (askedSet.has(link)) out.push([link, el.querySelector('.question')?.textContent.trim() ?? '']);
    }
    return out;
  }
  function option(link, step) {
    const el = host.querySelector(`lhc-item[id="item-${link}/1"]`);
    if (typeof step.sign === 'boolean') return [...el.querySelectorAll(`label[id="${link}/1|${step.sign}"]`)];
    return [...el.querySelectorAll('label.lhc-answer')].filter((l) => l.textContent.trim() === step.label);
  }
  function response(trail) {
    const item = trail.map(({ link, step }) => {
      if (typeof step.sign === 'boolean') return { linkId: link, answer: [{ valueBoolean: step.sign }] };
      const choice = form().itemList.find((i) => i.linkId === link);
      const coding = choice.answers.find((a) => a.text === step.label);
      return { linkId: link, answer: [{ valueCoding: { system: coding.system, code: coding.code, display: coding.text } }] };
    });
    return { resourceType: 'QuestionnaireResponse', status: 'in-progress', item };
  }
  const counts = { passed: 0, clicks: 0, loads: 0 };
  const failures = [];
  const leaves = (node) => (node.end ? [node.end.row] : node.children.flatMap((c) => leaves(c.node)));
  const fail = (node, message) => {
    const rows = leaves(node);
    failures.push(`${rows.length > 1 ? `rows ${rows[0]}-${rows[rows.length - 1]}` : `row ${rows[0]}`} (after ${trailWords()}): ${message}`);
  };
  const trail = []; // the answers of the path so far: { link, step }
  let onForm = []; // every answer the form holds now, in order: linkIds
  const trailWords = () => (trail.length ? trail.map((t) => JSON.stringify(t.step.label)).join(', ') : 'no answers');

  async function visit(node) {
    const now = shown();
    const ok = trail.every((t, i) => now[i]?.[0] === t.link);
    if (node.end) {
      if (!ok || now.length !== trail.length) return fail(node, `the form shows ${JSON.stringify(now.map((s) => s[1]))} after the path ended`);
      const qr = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', host);
      const items = qr.item || [];
      const care = items.find((i) => i.linkId === 'care-level')?.answer?.[0]?.valueCoding?.code ?? null;
      const pages = items.filter((i) => i.linkId.startsWith('page:')).map((i) => i.answer?.[0]?.valueCoding?.code);
      const problems = [];
      if (care !== node.end.care) problems.push(`care level ${care}, the tree says ${node.end.care}`);
      if (pages.join(' + ') !== node.end.pages.join(' + ')) problems.push(`pages ${pages.join(' + ')}, the tree shows ${node.end.pages.join(' + ')}`);
      if (q.url && qr.questionnaire !== `${q.url}|${q.version}`) problems.push(`the response names ${qr.questionnaire}`);
      if (problems.length) return fail(node, problems.join('; '));
      counts.passed++;
      return;
    }
    const want = node.children[0].step.question;
    if (!ok || now.length !== trail.length + 1 || now[trail.length][1] !== want) {
      return fail(node, `the form shows ${JSON.stringify(now.slice(trail.length).map((s) => s[1]))} after the answers so far, the tree asks "${want}"`);
    }
    const link = now[trail.length][0];
    for (const [i, child] of node.children.entries()) {
      if (i > 0 || onForm.length > trail.length) {
        // Back to this question: clear every later answer, then click the other option.
        const later = onForm.slice(trail.length + 1);
        for (const l of later) {
          const it = form().itemList.find((x) => x.linkId === l);
          if (it) it.value = undefined;
        }
        onForm = onForm.slice(0, trail.length + 1);
        const stale = later.some((l) => host.querySelector(`lhc-item[id="item-${l}/1"] lhc-item-choice-radio-button`));
        if (stale) {
          // A radio-button question that stays on screen would still draw its old choice.
          await load(response(trail));
          counts.loads++;
          onForm = trail.map((t) => t.link);
        }
      }
      const targets = option(link, child.step);
      if (targets.length !== 1) {
        fail(child.node, `no single option "${child.step.label}" on "${want}"`);
        continue;
      }
      targets[0].click();
      counts.clicks++;
      await settle();
      onForm[trail.length] = link;
      trail.push({ link, step: child.step });
      await visit(child.node);
      trail.pop();
    }
  }

  await load(null);
  counts.loads++;
  await visit(root);
  return { ...counts, failures };
}

async function walkTree(file) {
  const q = carepath(file, 'fhir');
  const all = carepath(file, 'paths').paths;
  // FHIR_LHC_PATHS=N walks only the first N paths of each table (for a quick local run);
  // FHIR_LHC_SAMPLE=N walks at most N paths spread evenly over the whole table (what CI does
  // for a table too long to walk in its time budget: every path is walked by `tests/fhir`).
  const limit = Number(process.env.FHIR_LHC_PATHS || 0);
  const sample = Number(process.env.FHIR_LHC_SAMPLE || 0);
  let paths = limit > 0 ? all.slice(0, limit) : all;
  if (sample > 0 && paths.length > sample) {
    const step = paths.length / sample;
    paths = Array.from({ length: sample }, (_, i) => paths[Math.floor(i * step)]);
  }
  const asked = questions(q);
  // Contiguous shares of the table, one per page, each walked as its own trie.
  const share = Math.ceil(paths.length / PAGES);
  const parts = [];
  for (let start = 0; start < paths.length; start += share) parts.push(start);
  const started = Date.now();
  const results = await Promise.all(
    parts.map(async (start) => {
      const page = await hostPage();
      try {
        const root = trie(paths.slice(start, start + share));
        const out = await page.evaluate(walkIn, { q, root, asked });
        out.failures = out.failures.map((f) => f.replace(/rows? (\d+)(?:-(\d+))?/, (_, a, b) => (b ? `rows ${+a + start}-${+b + start}` : `row ${+a + start}`)));
        return out;
      } finally {
        await page.close();
      }
    }),
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const sum = (key) => results.reduce((n, r) => n + r[key], 0);
  const failures = results.flatMap((r) => r.failures);
  const version = await (async () => {
    const page = await hostPage();
    const v = await page.evaluate(() => LForms.lformsVersion);
    await page.close();
    return v;
  })();
  console.log(
    `LHC-Forms ${version}: ${file}: ${sum('passed')} of ${paths.length} paths (of ${all.length} in its table) end on the tree's questions, care level and pages ` +
      `(${sum('clicks')} answers clicked, ${sum('loads')} forms loaded, ${results.length} pages, ${seconds} s)`,
  );
  assert.deepEqual(failures.slice(0, 20), []);
  assert.equal(sum('passed'), paths.length);
}

test('LHC-Forms runs every path of the default tree to the same questions, care level and pages', { timeout: 3_600_000 }, async () => {
  await walkTree('content/checks/back-pain-after-sleeping.toml');
});

test('LHC-Forms runs every path of the protocol fixture (checklists, variables, findings) to the same outcome', { timeout: 3_600_000 }, async () => {
  await walkTree('tests/fixtures/protocol/content/checks/child.toml');
});
