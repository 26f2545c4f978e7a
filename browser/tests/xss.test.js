// The XSS corpus in a real browser: every vector of tests/xss/vectors.txt that the build
// accepts is built into a site (by the Rust test xss::accepted_vectors_come_out_inert), opened
// in Chromium with JavaScript ON over file:// and over HTTP (python -m http.server), and every
// link in every vector page is clicked. Every payload would set document.title to "XSS" or open
// a dialog; neither may happen.
//
// Runs on its own site, not the default one: CAREPATH_XSS_SITE may name an already built copy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBase, launchBrowser, repoRoot } from './server.js';

const MARKER = 'XSS';

let site;
let pages;
let browser;
let server;

function buildSite() {
  if (process.env.CAREPATH_XSS_SITE) return process.env.CAREPATH_XSS_SITE;
  const dir = mkdtempSync(join(tmpdir(), 'carepath-xss-'));
  const run = spawnSync(
    'cargo',
    ['test', '--locked', '--test', 'testsuite', 'xss::accepted_vectors_come_out_inert', '--', '--exact'],
    { cwd: repoRoot, env: { ...process.env, CAREPATH_XSS_OUT: dir }, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `building the accepted vectors failed:\n${run.stdout}\n${run.stderr}`);
  return dir;
}

/** python -m http.server on a free port of 127.0.0.1; resolves to { base, close() }. */
function startPythonServer(root) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/port (\d+)/);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}/`, close: () => child.kill() });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`http.server exited with ${code}: ${out}`)));
  });
}

before(async () => {
  site = buildSite();
  pages = [...new Set(readFileSync(join(site, 'vectors.txt'), 'utf8').split('\n').filter(Boolean))];
  server = await startPythonServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (!process.env.CAREPATH_XSS_SITE && site) rmSync(site, { recursive: true, force: true });
});

/** A JavaScript-enabled context that records dialogs and never leaves this machine. */
async function hostileContext() {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const dialogs = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('http://127.0.0.1')) return route.continue();
    return route.abort();
  });
  context.on('page', (p) => p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); }));
  return { context, dialogs };
}

async function assertNoScriptRan(page, dialogs, where) {
  await page.waitForTimeout(20);
  const title = await page.title();
  assert.notEqual(title, MARKER, `script ran on ${where} (document.title was changed)`);
  assert.deepEqual(dialogs, [], `a dialog opened on ${where}`);
}

/** Go to `url`, once more if a navigation started by the last click interrupts it. */
async function open(page, url) {
  try {
    await page.goto(url);
  } catch {
    await page.waitForLoadState('load').catch(() => {});
    await page.goto(url);
  }
}

test('the marker catches a script that runs (the check can fail)', async () => {
  const { context } = await hostileContext();
  const page = await context.newPage();
  await page.setContent(`<title>t</title><script>document.title=${JSON.stringify(MARKER)}</script>`);
  assert.equal(await page.title(), MARKER);
  await context.close();
});

test("the pages' Content-Security-Policy stops a script that got in", async () => {
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/);
  assert.ok(meta, 'index.html carries the policy');
  const { context, dialogs } = await hostileContext();
  const page = await context.newPage();
  await page.setContent(`<head>${meta[0]}<title>t</title></head><body><script>document.title=${JSON.stringify(MARKER)}</script><img src=x onerror="document.title='${MARKER}'"><a href="javascript:document.title='${MARKER}'">x</a></body>`);
  await page.click('a').catch(() => {});
  await assertNoScriptRan(page, dialogs, 'a page with the policy and injected script');
  await context.close();
});

for (const transport of ['file', 'http']) {
  describe(`accepted XSS vectors over ${transport}, JavaScript on`, () => {
    const base = () => (transport === 'file' ? fileBase(site) : server.base);

    test('no vector page runs script when opened, and no link on it does when clicked', async () => {
      const { context, dialogs } = await hostileContext();
      const page = await context.newPage();
      let clicked = 0;
      for (const [n, rel] of pages.entries()) {
        const url = base() + rel;
        await open(page, url);
        await assertNoScriptRan(page, dialogs, rel);
        // The theme's header and footer links are the same on every page: clicked on the first.
        const selector = n === 0 ? 'a[href]' : 'main a[href]';
        const links = await page.locator(selector).count();
        for (let i = 0; i < links; i += 1) {
          if (page.url() !== url) await open(page, url);
          const link = page.locator(selector).nth(i);
          const href = await link.getAttribute('href');
          // A printed leaflet is a download, not a page a script could run in (tests/print
          // checks the PDFs); over HTTP, clicking it leaves the page waiting for a load that
          // never comes.
          if (href && href.endsWith('.pdf')) continue;
          await link.click({ timeout: 2000 }).catch(() => {});
          await page.waitForLoadState('load').catch(() => {});
          await assertNoScriptRan(page, dialogs, `${rel} after clicking ${href}`);
          clicked += 1;
        }
      }
      assert.ok(pages.length >= 40, `only ${pages.length} vector pages`);
      assert.ok(clicked > pages.length, `only ${clicked} links clicked`);
      await context.close();
    });
  });
}
