// Shared helpers for the browser tests: a tiny static file server for the
// built site, a Chromium launcher, and a map of one page of every type.
//
// No dependencies beyond node: built-ins, playwright-core and axe-core.

import { createServer } from 'node:http';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The axe-core rule tags the suite holds every page to: WCAG 2.2 A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the page open in `page` (a context from newInspectContext); its result. */
export async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
}

/** The repository root (browser/ lives directly inside it). */
export const repoRoot = resolve(here, '..', '..');

/** The built site. Override with CAREPATH_PUBLIC to test another build. */
export const publicDir = resolve(process.env.CAREPATH_PUBLIC || join(repoRoot, 'public'));

/** Where screenshots go: ../target/screenshots/ from browser/. */
export const screenshotDir = join(repoRoot, 'target', 'screenshots');

/** The sub-path the server puts the site under, as on a real host. */
export const SUB_PATH = '/leaflets/';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/** Content type for a file name; unknown types are served as bytes. */
export function contentType(file) {
  return CONTENT_TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found\n');
}

/**
 * Serve `root` under SUB_PATH on 127.0.0.1 at a random free port.
 * Resolves to { origin, base, port, close() }, where `base` ends in SUB_PATH.
 * Anything outside SUB_PATH, any missing file and any attempt to leave `root`
 * gets a 404; methods other than GET and HEAD get a 405.
 */
export function startServer(root = publicDir) {
  const rootDir = resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      notFound(res);
      return;
    }
    if (!pathname.startsWith(SUB_PATH) || pathname.includes('\0')) {
      notFound(res);
      return;
    }
    let rel = pathname.slice(SUB_PATH.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(rootDir, rel);
    if (file !== rootDir && !file.startsWith(rootDir + sep)) {
      notFound(res);
      return;
    }
    let stats;
    try {
      stats = statSync(file);
    } catch {
      notFound(res);
      return;
    }
    if (!stats.isFile()) {
      notFound(res);
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': stats.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolvePromise({
        port,
        origin,
        base: origin + SUB_PATH,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The file:// base URL of the built site, ending in '/'. */
export function fileBase(root = publicDir) {
  return pathToFileURL(resolve(root) + sep).href;
}

/** Chromium flags needed on a machine with no network but the registries. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch the system Chromium headless (CHROMIUM_PATH overrides the path). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A browser context as a visitor with JavaScript turned off: the site must
 * work like this. Extra context options (viewport, ...) may be passed.
 */
export function newNoJsContext(browser, options = {}) {
  return browser.newContext({ ...options, javaScriptEnabled: false });
}

/**
 * A context with JavaScript on, only for inspecting pages from the test
 * (axe-core, measuring layout). The site itself never needs it. Every page
 * forbids script in its Content-Security-Policy, so the test's own injected
 * script (axe-core) must bypass it; the XSS test never does.
 */
export function newInspectContext(browser, options = {}) {
  return browser.newContext({ ...options, javaScriptEnabled: true, bypassCSP: true });
}

/** Every file under `root`, as '/'-separated paths relative to it. */
export function listFiles(root = publicDir) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** The first checker in the site: its folder, e.g. 'checks/back-pain-after-sleeping/'. */
export function checkerDir(root = publicDir) {
  const start = listFiles(root).find((f) => /^checks\/[^/]+\/index\.html$/.test(f));
  if (!start) throw new Error(`no checks/*/index.html in ${root}: build the site first`);
  return start.slice(0, -'index.html'.length);
}

const trailLength = (html) => (html.match(/<span class="trail-answer">/g) || []).length;

/**
 * One page of every type, as paths relative to the site root. The question and
 * outcome pages of the checker are found from the built HTML, not from their
 * file names: the deepest question page and the deepest outcome page.
 */
export function pageTypes(root = publicDir) {
  const files = listFiles(root);
  const dir = checkerDir(root);
  const checker = files
    .filter((f) => f.startsWith(dir) && f.endsWith('.html') && f !== `${dir}steps.html`)
    .map((f) => ({ f, html: readFileSync(join(root, f), 'utf8') }));
  const deepest = (list) =>
    list.reduce((best, p) => (best && trailLength(best.html) >= trailLength(p.html) ? best : p), null).f;
  const questions = checker.filter((p) => p.html.includes('<ul class="answers">'));
  const outcomes = checker.filter((p) => p.html.includes('class="care-card'));
  const firstCause = files.find((f) => /^causes\/[^/]+\.html$/.test(f));
  const outcome = files.includes('outcomes/gp.html')
    ? 'outcomes/gp.html'
    : files.find((f) => /^outcomes\/[^/]+\.html$/.test(f));
  return {
    home: 'index.html',
    section: files.includes('causes/index.html')
      ? 'causes/index.html'
      : files.find((f) => /^[^/]+\/index\.html$/.test(f) && !f.startsWith('checks/')),
    cause: firstCause,
    outcome,
    'a-z': 'a-z.html',
    about: 'about.html',
    404: '404.html',
    question: `${dir}index.html`,
    'deep question': deepest(questions),
    'tree outcome': deepest(outcomes),
    steps: `${dir}steps.html`,
  };
}
