// Long lists in the browser, with JavaScript off, from file://, at 320 px: an A–Z longer than
// `list_page_size` is an index of letters that leads to pages of names, which lead on to each
// other and back; every name still leads to its page. Runs on its own copy of the `basic`
// fixture with a page size of 2 and three more causes under S.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBase, launchBrowser, newNoJsContext, repoRoot, screenshotDir } from './server.js';

let out;
let browser;
let context;
let page;

function buildSite() {
  const dir = mkdtempSync(join(tmpdir(), 'carepath-lists-'));
  const site = join(dir, 'site');
  cpSync(join(repoRoot, 'tests', 'fixtures', 'basic'), site, { recursive: true });
  const config = join(site, 'content', 'site.toml');
  writeFileSync(config, `list_page_size = 2\n${readFileSync(config, 'utf8')}`);
  const example = readFileSync(join(site, 'content', 'causes', 'example-cause.md'), 'utf8');
  for (const [file, title] of [['sciatica', 'Sciatica'], ['slipped-disc', 'Slipped disc'], ['stiff-back', 'Stiff back']]) {
    const text = example.replace('An example cause', title).replace('also_called = ["Sample cause"]\n', '');
    writeFileSync(join(site, 'content', 'causes', `${file}.md`), text);
  }
  const run = spawnSync('cargo', ['run', '--release', '--quiet', '--', 'build', '--site', site], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `building the long A–Z failed:\n${run.stdout}\n${run.stderr}`);
  return join(site, 'public');
}

before(async () => {
  out = buildSite();
  mkdirSync(screenshotDir, { recursive: true });
  browser = await launchBrowser();
  context = await newNoJsContext(browser, { viewport: { width: 320, height: 640 } });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
});

describe('a long A–Z with JavaScript off', () => {
  test('the index leads to a letter, its pages lead on and back, and a name to its page', async () => {
    await page.goto(`${fileBase(out)}index.html`);
    await page.getByRole('link', { name: 'Causes A to Z' }).first().click();
    assert.match(page.url(), /\/a-z\.html$/);
    await page.getByRole('navigation', { name: 'Letters' }).getByRole('link', { name: 'S', exact: true }).click();
    assert.match(page.url(), /\/a-z\/s\.html$/);
    assert.equal(await page.locator('h1').innerText(), 'Causes A to Z: S, page 1 of 2');

    await page.getByRole('link', { name: /^Next: / }).click();
    assert.match(page.url(), /\/a-z\/s-2\.html$/);
    const names = await page.locator('main ul.a-z > li > a').allInnerTexts();
    assert.deepEqual(names, ['Slipped disc', 'Stiff back']);
    const current = page.getByRole('navigation', { name: 'Letters' }).locator('[aria-current="page"]');
    assert.equal(await current.innerText(), 'S');

    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the page is ${wide}px wide at 320px`);
    const previous = await page.getByRole('link', { name: /^Previous: / }).boundingBox();
    assert.ok(previous.height >= 44, `"Previous" is ${previous.height}px tall, under 44px`);
    await page.screenshot({ path: join(screenshotDir, 'a-z-part.png'), fullPage: true });

    await page.getByRole('link', { name: 'Stiff back' }).click();
    assert.match(page.url(), /\/causes\/stiff-back\.html$/);
    assert.equal(await page.locator('h1').innerText(), 'Stiff back');

    await page.goBack();
    await page.getByRole('link', { name: 'All letters' }).click();
    assert.match(page.url(), /\/a-z\.html$/);
  });
});
