// `carepath serve` in a real browser, JavaScript on: an open page reloads by itself after an
// edit, the live-reload script runs under the served page's Content-Security-Policy (allowed by
// its hash, no violation reported), and a problem appears at the top of the open page and goes
// when it is fixed. Screenshots of both states go to target/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, screenshotDir } from './server.js';

const binary = join(repoRoot, 'target', 'release', 'carepath');
let site;
let serve;
let base;
let browser;

/** Starts `carepath serve --port 0` on a copy of the default site; resolves to its URL. */
function startServe(dir) {
  return new Promise((resolve, reject) => {
    serve = spawn(binary, ['serve', '--site', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/(http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    serve.on('error', reject);
    serve.on('exit', (code) => reject(new Error(`carepath serve exited with ${code}: ${out}`)));
  });
}

before(async () => {
  site = mkdtempSync(join(tmpdir(), 'carepath-serve-'));
  cpSync(join(repoRoot, 'content'), join(site, 'content'), { recursive: true });
  base = await startServe(site);
  browser = await launchBrowser();
  mkdirSync(screenshotDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  serve?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('an open page reloads by itself after an edit, and shows problems until they are fixed', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${base}causes/stress.html`);
  // The script has connected once the page has seen the first event; give it a moment.
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.carepathMarker = 'before the edit'; });

  const file = join(site, 'content', 'causes', 'stress.md');
  const good = readFileSync(file, 'utf8');
  const reloaded = page.waitForEvent('load', { timeout: 20000 });
  writeFileSync(file, `${good}\nA calm sentence added while the page was open.\n`);
  await reloaded;
  await page.waitForSelector('text=A calm sentence added while the page was open.');
  assert.equal(await page.evaluate(() => window.carepathMarker), undefined, 'the page did not reload');

  const broken = page.waitForEvent('load', { timeout: 20000 });
  writeFileSync(file, `${good}\n[a broken link](nowhere.md)\n`);
  await broken;
  const problems = page.locator('#carepath-problems');
  await problems.waitFor({ timeout: 20000 });
  // One save can be two file events, so two rebuilds and two reloads: let them settle.
  await page.waitForTimeout(500);
  await problems.waitFor({ timeout: 20000 });
  const text = await problems.innerText();
  assert.match(text, /content\/causes\/stress\.md:\d+:1: error: broken link `nowhere\.md`/);
  assert.match(text, /\| \[a broken link\]\(nowhere\.md\)/);
  // In view at the top of the window, even though the reload kept the reader's place.
  const box = await problems.boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 10, `the problems are out of view: ${JSON.stringify(box)}`);
  await page.screenshot({ path: join(screenshotDir, 'serve-problems.png'), fullPage: false });

  const fixed = page.waitForEvent('load', { timeout: 20000 });
  writeFileSync(file, good);
  await fixed;
  await page.waitForTimeout(100);
  assert.equal(await page.locator('#carepath-problems').count(), 0, 'the problems stayed after the fix');
  assert.deepEqual(violations, [], 'the live-reload script broke the page policy');
  await context.close();
});
