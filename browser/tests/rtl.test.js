// Right to left at 320 px: the fixture tests/fixtures/rtl is a small site in Arabic
// (`language = "ar"`, the theme's Arabic strings, an article, and a checker). Every page has
// <html dir="rtl">; an article and the checker's pages must not scroll sideways, must have no
// axe violations, and the care card's coloured stripe must be on the right (CSS logical
// properties: `border-inline-start`), as must the list indents of "Your answers".
//
// Runs on its own site: CAREPATH_RTL_SITE may name an already built copy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBase, launchBrowser, listFiles, newInspectContext, repoRoot, runAxe } from './server.js';

let site;
let browser;
let context;
let page;

function buildSite() {
  if (process.env.CAREPATH_RTL_SITE) return process.env.CAREPATH_RTL_SITE;
  const out = join(mkdtempSync(join(tmpdir(), 'carepath-rtl-')), 'public');
  const run = spawnSync(
    'cargo',
    ['run', '--release', '--quiet', '--', 'build', '--site', 'tests/fixtures/rtl', '--out', out],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `building tests/fixtures/rtl failed:\n${run.stdout}\n${run.stderr}`);
  return out;
}

/** The pages under test: the article, the checker's first question, a later question, a result. */
function pagesUnderTest() {
  const files = listFiles(site);
  const checker = files.filter((f) => f.startsWith('checks/back/') && f.endsWith('.html'));
  const pick = (re) => {
    const found = checker.find((f) => re.test(f));
    assert.ok(found, `no page matching ${re} in ${checker.join(', ')}`);
    return found;
  };
  return {
    article: 'causes/back-strain.html',
    question: 'checks/back/index.html',
    later: pick(/\/lifting-[0-9a-f]+\.html$/),
    result: pick(/\/self-care-[0-9a-f]+\.html$/),
  };
}

before(async () => {
  site = buildSite();
  browser = await launchBrowser();
  context = await newInspectContext(browser, { viewport: { width: 320, height: 640 } });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
});

describe('an Arabic site at 320 px', () => {
  for (const [kind, path] of Object.entries({
    article: 'causes/back-strain.html',
    question: 'checks/back/index.html',
  })) {
    test(`the ${kind} page is right to left, in Arabic`, async () => {
      await page.goto(`${fileBase(site)}${path}`);
      const html = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        computed: getComputedStyle(document.body).direction,
      }));
      assert.deepEqual(html, { lang: 'ar', dir: 'rtl', computed: 'rtl' });
    });
  }

  test('no page scrolls sideways', async () => {
    for (const path of Object.values(pagesUnderTest())) {
      await page.goto(`${fileBase(site)}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${path} is ${width}px wide at 320px`);
    }
  });

  test('no page has axe violations', async () => {
    for (const path of Object.values(pagesUnderTest())) {
      await page.goto(`${fileBase(site)}${path}`);
      const result = await runAxe(page);
      assert.ok(result.passes.length > 0, 'axe ran its rules');
      const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(violations, [], `${path}: axe violations`);
    }
  });

  test("the care card's stripe is on the right", async () => {
    for (const path of [pagesUnderTest().article, pagesUnderTest().result]) {
      await page.goto(`${fileBase(site)}${path}`);
      const widths = await page.$eval('.care-card', (card) => {
        const style = getComputedStyle(card);
        return { right: parseFloat(style.borderRightWidth), left: parseFloat(style.borderLeftWidth) };
      });
      assert.ok(widths.right > widths.left, `${path}: the stripe is on the left (${JSON.stringify(widths)})`);
    }
  });

  test('the list of answers is indented from the right', async () => {
    await page.goto(`${fileBase(site)}${pagesUnderTest().result}`);
    const padding = await page.$eval('.trail ol', (ol) => {
      const style = getComputedStyle(ol);
      return { right: parseFloat(style.paddingRight), left: parseFloat(style.paddingLeft) };
    });
    assert.ok(padding.right > 0 && padding.left === 0, JSON.stringify(padding));
  });

  test('the skip link is out of sight until focused, and in view when it is', async () => {
    await page.goto(`${fileBase(site)}${pagesUnderTest().question}`);
    const hidden = await page.$eval('.skip-link', (a) => a.getBoundingClientRect().bottom);
    assert.ok(hidden <= 0, `the skip link is in view, its bottom at ${hidden}px`);
    await page.keyboard.press('Tab');
    const shown = await page.$eval('.skip-link', (a) => {
      const r = a.getBoundingClientRect();
      return { left: r.left, right: r.right, focused: document.activeElement === a };
    });
    assert.ok(shown.focused && shown.left >= 0 && shown.right <= 320, JSON.stringify(shown));
  });
});
