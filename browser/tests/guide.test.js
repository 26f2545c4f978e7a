// The user guide (docs/guide) is a carepath site and is held to what every carepath site is:
// no page carries a script and each forbids script in its Content-Security-Policy, axe-core
// finds no WCAG 2.2 A/AA violation, no page scrolls sideways at 320 px, each page is within the
// guide's weight budget, and the Nu Html Checker finds no error. Every page is checked, not one
// per kind: the guide's pages are its point.
//
// Runs on its own build: CAREPATH_GUIDE_SITE may name an already built copy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, listFiles, newInspectContext, repoRoot, runAxe, screenshotDir, startServer } from './server.js';

const require = createRequire(import.meta.url);
const vnuJar = String(require('vnu-jar'));
// The guide's own budget, as its site.toml sets it.
const WEIGHT_BUDGET = (() => {
  const settings = readFileSync(join(repoRoot, 'docs', 'guide', 'content', 'site.toml'), 'utf8');
  const set = settings.match(/^page_weight_budget\s*=\s*(\d+)/m);
  return set ? Number(set[1]) : 14 * 1024;
})();

let site;
let pages;
let server;
let browser;

function buildGuide() {
  if (process.env.CAREPATH_GUIDE_SITE) return process.env.CAREPATH_GUIDE_SITE;
  const out = join(mkdtempSync(join(tmpdir(), 'carepath-guide-')), 'public');
  const run = spawnSync(
    'cargo',
    ['run', '--release', '--quiet', '--', 'build', '--site', 'docs/guide', '--out', out],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `building docs/guide failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /, 0 warnings in /, `the guide builds with warnings:\n${run.stdout}`);
  return out;
}

before(async () => {
  site = buildGuide();
  pages = listFiles(site).filter((f) => f.endsWith('.html'));
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('the guide', () => {
  test('has its pages', () => {
    for (const page of ['index.html', 'a-z.html', 'reference/index.html', 'reference/site-toml.html', 'checkers/red-flags.html']) {
      assert.ok(pages.includes(page), `${page} is missing from the built guide`);
    }
  });

  test('no page carries a script, and every page forbids script', () => {
    for (const path of pages) {
      const html = readFileSync(join(site, path), 'utf8');
      assert.doesNotMatch(html, /<script/i, `${path} has a <script>`);
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'none'/, `${path} has no CSP`);
    }
  });

  test(`every page weighs at most ${WEIGHT_BUDGET} bytes of HTML and CSS`, () => {
    const css = statSync(join(site, 'style.css')).size + statSync(join(site, 'guide.css')).size;
    for (const path of pages) {
      const weight = statSync(join(site, path)).size + css;
      assert.ok(weight <= WEIGHT_BUDGET, `${path} weighs ${weight} bytes`);
    }
  });

  test('every page has no axe violations', async () => {
    const context = await newInspectContext(browser);
    const found = [];
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(server.base + path);
      const result = await runAxe(page);
      await page.close();
      assert.ok(result.passes.length > 0, 'axe ran its rules');
      for (const v of result.violations) {
        found.push(`${path}: [${v.impact}] ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    await context.close();
    assert.deepEqual(found, []);
  });

  test('no page scrolls sideways at 320 px', async () => {
    const context = await newInspectContext(browser, { viewport: { width: 320, height: 640 } });
    const found = [];
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(server.base + path);
      const { width, wide } = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 320.5 && !el.closest('pre, .table-scroll'))
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`),
      }));
      if (width > 320) found.push(`${path} is ${width}px wide: ${wide.join('; ')}`);
      await page.close();
    }
    await context.close();
    assert.deepEqual(found, []);
  });

  test('screenshots of the home page and a reference page, on a phone and a desktop', async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const [name, width, height] of [['phone', 320, 640], ['desktop', 1280, 900]]) {
      const context = await newInspectContext(browser, { viewport: { width, height } });
      const page = await context.newPage();
      for (const path of ['index.html', 'reference/site-toml.html']) {
        await page.goto(server.base + path);
        const file = join(screenshotDir, `guide-${path.replace(/\W+/g, '-')}-${name}.png`);
        await page.screenshot({ path: file, fullPage: false });
      }
      await context.close();
    }
  });

  test('every page passes the Nu Html Checker', () => {
    const html = pages.map((p) => join(site, p));
    const run = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...html], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.ifError(run.error);
    const report = JSON.parse(run.stderr || run.stdout);
    const errors = report.messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => `${m.url}:${m.lastLine ?? ''}: ${m.message}`);
    assert.deepEqual(errors, []);
  });
});
