// A triage protocol (tests/fixtures/protocol: four checklist parts, findings, an age band) read
// the ways the back-pain checker is: clicked through in Chromium with JavaScript off from
// file://, printed, and dumped by lynx, whose end page must list every finding, most urgent
// first, before "Your answers".

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, newNoJsContext, repoRoot, screenshotDir } from './server.js';

let site;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), 'carepath-protocol-'));
  cpSync(join(repoRoot, 'tests', 'fixtures', 'protocol'), site, { recursive: true });
  const run = spawnSync(join(repoRoot, 'target', 'release', 'carepath'), ['build', '--site', site], {
    encoding: 'utf8',
    env: { ...process.env, CAREPATH_TODAY: '2026-11-25' },
  });
  assert.equal(run.status, 0, `building the protocol fixture failed:\n${run.stdout}\n${run.stderr}`);
  browser = await launchBrowser();
  mkdirSync(screenshotDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Clicks `link` and waits until the page has moved on. */
async function follow(page, link) {
  const from = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== from), link.click()]);
}

// Every answer below is a link's whole text; "yes" to two signs of each part.
const ANSWERS = [
  'No, my child has none of these danger signs',
  'My child is 1 to 5 years old',
  'Yes, my child breathes fast',
  'Yes, the skin pulls in',
  'Yes, the eyes look sunken',
  'Yes, my child drinks eagerly',
];

test('a protocol is walked with JavaScript off, prints, and reads in lynx with every finding', async () => {
  const context = await newNoJsContext(browser);
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(site, 'public', 'checks', 'child', 'index.html')).href);
  for (const answer of ANSWERS) {
    const link = page.getByRole('link', { name: answer, exact: true });
    assert.equal(await link.count(), 1, `no single link "${answer}" on ${page.url()}`);
    await follow(page, link);
  }
  // Go on answering "no" until the path ends: then the page heads the most urgent finding.
  for (let i = 0; i < 20 && (await page.locator('ul.answers').count()) > 0; i++) {
    const no = page.locator('ul.answers a', { hasText: /^No/ }).first();
    await follow(page, no);
  }
  assert.equal(await page.locator('ul.answers').count(), 0, 'the path never ended');
  const headings = await page.locator('.care-card h1, .care-card h3').allInnerTexts();
  assert.ok(headings.length >= 2, `an end with two recorded findings shows ${headings.length}`);
  const levels = await page.locator('.care-card .care-level').allInnerTexts();
  const order = ['Emergency', 'Urgent', 'See a doctor', 'Pharmacy', 'Self-care'];
  const ranks = levels.map((l) => order.findIndex((o) => l.replace('How urgent: ', '').startsWith(o)));
  assert.deepEqual([...ranks].sort((a, b) => a - b), ranks, `findings not most urgent first: ${levels}`);

  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(screenshotDir, 'protocol-end-print.png'), fullPage: true });
  const end = new URL(page.url()).pathname;
  await context.close();

  const dump = spawnSync('lynx', ['-dump', '-assume_charset=utf-8', '-display_charset=utf-8', pathToFileURL(end).href], {
    encoding: 'utf8',
    env: { ...process.env, TERM: 'dumb' },
  });
  assert.equal(dump.status, 0, dump.stderr);
  let from = 0;
  for (const heading of headings) {
    const i = dump.stdout.indexOf(heading, from);
    assert.ok(i >= 0, `lynx does not show "${heading}" in order:\n${dump.stdout}`);
    from = i;
  }
  assert.ok(dump.stdout.indexOf('Your answers', from) > from, 'lynx: "Your answers" does not follow the findings');
  const targets = [...dump.stdout.matchAll(/file:\/\/([^\s#]+)/g)].map((m) => decodeURIComponent(m[1]));
  assert.ok(targets.length > 0, 'lynx lists no links');
  for (const target of targets) assert.ok(existsSync(target), `lynx link leads nowhere: ${target}`);
});

// The protocol's disposition table is too heavy for one page, so it is split: page 2 reads at
// 320 px without scrolling sideways, says where it stands, numbers its rows on from page 1, and
// its page links (each at least 44 px tall) lead on and back, with JavaScript off.
test('the paged disposition table reads at 320 px and its page links work', async () => {
  const context = await newNoJsContext(browser, { viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(site, 'public', 'checks', 'child', 'cases-2.html')).href);
  assert.match(await page.locator('main').innerText(), /Page 2 of \d+: paths \d+ to \d+ of 892\./);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `cases-2.html is ${wide}px wide at 320px`);
  const pages = page.getByRole('navigation', { name: 'Pages of this table' });
  const current = pages.locator('[aria-current="page"]');
  assert.equal((await current.textContent()).trim(), 'Page 2');
  for (const name of [/^Previous: /, /^Next: /]) {
    const box = await pages.getByRole('link', { name }).boundingBox();
    assert.ok(box.height >= 44, `"${name}" is ${box.height}px tall, under 44px`);
  }
  const firstRow = Number(await page.locator('tbody th[scope="row"]').first().innerText());
  await page.screenshot({ path: join(screenshotDir, 'protocol-cases-2.png'), fullPage: true });

  await pages.getByRole('link', { name: /^Previous: / }).click();
  assert.match(page.url(), /\/cases\.html$/);
  const rows = await page.locator('tbody th[scope="row"]').allInnerTexts();
  assert.equal(rows[0], '1');
  assert.equal(Number(rows[rows.length - 1]) + 1, firstRow, 'rows are numbered on across pages');
  await page.getByRole('navigation', { name: 'Pages of this table' }).getByRole('link', { name: /^Next: / }).click();
  assert.match(page.url(), /\/cases-2\.html$/);
  await context.close();
});
