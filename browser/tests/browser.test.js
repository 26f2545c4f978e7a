// Real-browser tests of the built site in headless Chromium.
//
// The visitor journeys run with JavaScript turned off, over file:// and over
// http under a sub-path, clicking links as a person would. axe-core and the
// layout measurements need JavaScript in the *test's* context only: they read
// the page, the site itself never runs a script.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkerDir,
  fileBase,
  launchBrowser,
  listFiles,
  newInspectContext,
  newNoJsContext,
  pageTypes,
  publicDir,
  repoRoot,
  runAxe,
  screenshotDir,
  startServer,
} from './server.js';


// One page of every kind the site has, as named by pageTypes() in server.js.
const PAGE_TYPES = ['home', 'section', 'cause', 'outcome', 'a-z', 'about', '404', 'question', 'deep question', 'tree outcome', 'steps'];

// The checker as written in content/checks/back-pain-after-sleeping.toml.
const TREE_TITLE = 'Check your back pain after sleeping';
// A self-care path through every screen: no warning signs, an adult under 50, new pain with no
// clear reason.
const SELF_CARE_PATH = [
  'No, I have none of these signs',
  'No, I have none of these',
  'No, I have none of these other signs',
  'I am 16 to 49 years old',
  'No, the pain stays in my back',
  'Less than 6 weeks, and I can do most normal things',
  'Yes, it eases within 30 minutes',
  'None of these fits me',
  'No, my tummy is fine',
];
// The result pages, as written in content/outcomes/*.md.
const EMERGENCY = { level: 'Emergency', h1: 'Call 999 or go to A&E now' };
const SELF_CARE = { level: 'Self-care', h1: 'You can probably look after this yourself' };

const PAGE_WEIGHT_BUDGET = 14 * 1024;
// The sign-off pages' budget as the build reads it: the site's `steps_page_weight_budget`, else
// the default of 64 KiB.
const STEPS_WEIGHT_BUDGET = (() => {
  const settings = readFileSync(join(repoRoot, 'content', 'site.toml'), 'utf8');
  const set = settings.match(/^steps_page_weight_budget\s*=\s*(\d+)/m);
  return set ? Number(set[1]) : 64 * 1024;
})();

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The badge reads "How urgent: Emergency" to a screen reader; the visible part is the level.
const levelOf = (text) => squash(text).replace(/^How urgent:\s*/, '');

let browser;
let server;
let types;

before(async () => {
  types = pageTypes();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Click the link in `scope` whose whole text is `text` (or, with
 * `{ exact: false }`, that contains it), with a real mouse click, and wait for
 * the page it names to load. Returns the new URL.
 */
async function clickLink(page, scope, text, { exact = true } = {}) {
  const selector = `${scope} a:${exact ? 'text-is' : 'has-text'}(${JSON.stringify(text)})`;
  const links = await page.locator(selector).all();
  const hrefs = await Promise.all(links.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0, `no link "${text}" in ${scope} on ${page.url()}`);
  const targets = new Set(hrefs.map((href) => new URL(href, page.url()).href));
  assert.equal(targets.size, 1, `links "${text}" in ${scope} on ${page.url()} go to different pages`);
  const [target] = targets;
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), page.click(`${selector} >> nth=0`)]);
  return page.url();
}

async function answerLabels(page) {
  return (await page.locator('.answers a').allTextContents()).map(squash);
}

async function h1(page) {
  return squash(await page.locator('h1').textContent());
}

/** Read "Your answers" as [{ question, answer }]. */
async function trail(page) {
  const items = page.locator('.trail ol > li');
  const out = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    const item = items.nth(i);
    out.push({
      question: squash(await item.locator('.trail-question').textContent()),
      // The answer carries a visually hidden "Your answer:" label for screen readers and lynx.
      answer: squash(await item.locator('.trail-answer').textContent()).replace(/^Your answer: /, ''),
    });
  }
  return out;
}

/** From the home page into the checker: returns the page at the first question. */
async function openChecker(context, base) {
  const page = await context.newPage();
  await page.goto(base + 'index.html');
  const url = await clickLink(page, 'main', TREE_TITLE);
  assert.match(url, new RegExp(`${escapeRe(checkerDir())}index\\.html$`));
  return page;
}

/** Answer questions by label; returns the steps taken as [{ question, answer }]. */
async function answer(page, labels) {
  const steps = [];
  for (const label of labels) {
    const question = await h1(page);
    const offered = await answerLabels(page);
    assert.ok(offered.includes(label), `"${question}" offers ${JSON.stringify(offered)}, not "${label}"`);
    steps.push({ question, answer: label });
    await clickLink(page, '.answers', label);
  }
  return steps;
}

async function assertResult(page, expected, steps) {
  assert.equal(await page.locator('.care-card').count(), 1, 'one care card');
  assert.equal(levelOf(await page.locator('.care-card .care-level').textContent()), expected.level);
  assert.equal(squash(await page.locator('.care-card h1').textContent()), expected.h1);
  assert.equal(await page.locator('.answers').count(), 0, 'a result offers no answers');
  assert.equal(squash(await page.locator('.trail h2').textContent()), 'Your answers');
  assert.deepEqual(await trail(page), steps, '"Your answers" lists every step taken, in order');
}

for (const transport of ['file', 'http']) {
  describe(`checker journeys over ${transport}, JavaScript off`, () => {
    let context;
    const base = () => (transport === 'file' ? fileBase() : server.base);

    before(async () => {
      context = await newNoJsContext(browser);
    });
    after(async () => {
      await context?.close();
    });

    test('first answer of the first question leads to the emergency result', async () => {
      const page = await openChecker(context, base());
      const first = await h1(page);
      const labels = await answerLabels(page);
      assert.ok(labels.length >= 2, 'the first question offers answers');
      assert.match(labels[0], /^Yes\b/, 'the first answer is the "yes, I have a warning sign" one');
      const steps = await answer(page, [labels[0]]);
      await assertResult(page, EMERGENCY, steps);

      await clickLink(page, '.trail ol > li:nth-child(1)', 'Change', { exact: false });
      assert.equal(await h1(page), first, 'Change goes back to the first question');
      assert.deepEqual(await answerLabels(page), labels);
      await page.close();
    });

    test('a path with no warning signs leads to the self-care result', async () => {
      const page = await openChecker(context, base());
      const steps = await answer(page, SELF_CARE_PATH);
      await assertResult(page, SELF_CARE, steps);

      // Change the answer to question 4: back on that question, with the
      // three answers before it still listed.
      await clickLink(page, '.trail ol > li:nth-child(4)', 'Change', { exact: false });
      assert.equal(await h1(page), steps[3].question);
      assert.ok((await answerLabels(page)).includes(steps[3].answer));
      assert.deepEqual(await trail(page), steps.slice(0, 3));

      // Start again goes to the first question.
      await clickLink(page, '.trail', 'Start again');
      assert.equal(await h1(page), steps[0].question);
      await page.close();
    });
  });
}

/** Format axe-core violations so that a failure says what to fix, and where. */
function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    at ${n.target.join(' ')}\n      ${n.html}\n      ${squash(n.failureSummary)}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

describe('accessibility (axe-core, WCAG 2.2 A and AA)', () => {
  let context;
  before(async () => {
    context = await newInspectContext(browser);
  });
  after(async () => {
    await context?.close();
  });

  for (const type of PAGE_TYPES) {
    test(`${type} page has no axe violations`, async () => {
      const page = await context.newPage();
      const path = types[type];
      await page.goto(server.base + path);
      const result = await runAxe(page);
      await page.close();
      assert.ok(result.passes.length > 0, 'axe ran its rules');
      assert.equal(
        result.violations.length,
        0,
        `${path}: ${result.violations.length} axe violation(s)\n${formatViolations(result.violations)}`,
      );
    });
  }
});

describe('small screens (320 px wide)', () => {
  let context;
  before(async () => {
    context = await newInspectContext(browser, { viewport: { width: 320, height: 640 } });
  });
  after(async () => {
    await context?.close();
  });

  for (const type of PAGE_TYPES) {
    test(`${type} page does not scroll sideways at 320 px`, async () => {
      const page = await context.newPage();
      const path = types[type];
      await page.goto(server.base + path);
      const { width, wide } = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 320.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: right edge ${Math.round(el.getBoundingClientRect().right)}`),
      }));
      await page.close();
      assert.ok(width <= 320, `${path} is ${width}px wide at 320px; too wide: ${wide.join('; ')}`);
    });
  }

  for (const type of ['question', 'deep question']) {
    test(`every answer on a ${type} page is a target of at least 44 x 44 px at 320 px`, async () => {
      const page = await context.newPage();
      await page.goto(server.base + types[type]);
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll('ul.answers a')].map((a) => {
          const r = a.getBoundingClientRect();
          return { label: a.textContent.trim(), width: r.width, height: r.height };
        }),
      );
      await page.close();
      assert.ok(boxes.length >= 2, `${types[type]} has ${boxes.length} answers`);
      for (const box of boxes) {
        assert.ok(box.width >= 44 && box.height >= 44, `"${box.label}" is ${box.width} x ${box.height} px`);
      }
    });
  }
});

describe('print', () => {
  let context;
  before(async () => {
    context = await newInspectContext(browser, { viewport: { width: 794, height: 1123 } });
  });
  after(async () => {
    await context?.close();
  });

  async function assertShown(page, selector) {
    const n = await page.locator(selector).count();
    assert.ok(n > 0, `${selector} is on the page`);
    for (let i = 0; i < n; i += 1) {
      const el = page.locator(selector).nth(i);
      const { display, visibility, width, height } = await el.evaluate((node) => {
        const style = getComputedStyle(node);
        const box = node.getBoundingClientRect();
        return { display: style.display, visibility: style.visibility, width: box.width, height: box.height };
      });
      assert.notEqual(display, 'none', `${selector} #${i} is display:none in print`);
      assert.notEqual(visibility, 'hidden', `${selector} #${i} is hidden in print`);
      assert.ok(width > 0 && height > 0, `${selector} #${i} has no size in print (${width}x${height})`);
    }
  }

  test('a result prints its care level, call to action and "Your answers"', async () => {
    const page = await context.newPage();
    await page.goto(server.base + types['tree outcome']);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.evaluate(() => matchMedia('print').matches), true);
    await assertShown(page, '.care-card .care-level');
    await assertShown(page, '.care-card h1');
    await assertShown(page, '.trail h2');
    await assertShown(page, '.trail ol');
    await assertShown(page, '.trail ol > li');
    await assertShown(page, '.trail-question');
    await assertShown(page, '.trail-answer');
    await page.close();
  });

  test('a question prints its answers and "Your answers"', async () => {
    const page = await context.newPage();
    await page.goto(server.base + types['deep question']);
    await page.emulateMedia({ media: 'print' });
    await assertShown(page, 'h1');
    await assertShown(page, '.answers li');
    await assertShown(page, '.trail ol > li');
    await page.close();
  });
});

describe('screenshots (target/screenshots/)', () => {
  before(() => {
    mkdirSync(screenshotDir, { recursive: true });
  });

  const shots = [
    ['phone', { width: 360, height: 800 }, 'screen'],
    ['desktop', { width: 1280, height: 900 }, 'screen'],
    ['print', { width: 794, height: 1123 }, 'print'],
  ];
  for (const [name, type] of [
    ['question', 'deep question'],
    ['outcome', 'tree outcome'],
  ]) {
    for (const [size, viewport, media] of shots) {
      test(`${name}-${size}.png`, async () => {
        const context = await newNoJsContext(browser, { viewport });
        const page = await context.newPage();
        await page.emulateMedia({ media });
        await page.goto(server.base + types[type]);
        const file = join(screenshotDir, `${name}-${size}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.close();
        assert.ok(statSync(file).size > 1000, `${file} was written`);
      });
    }
  }
});

describe('the built site', () => {
  test('no page contains a script', () => {
    const offenders = [];
    for (const file of listFiles()) {
      if (!/\.(html?|svg|xml|css)$/i.test(file)) continue;
      const text = readFileSync(join(publicDir, file), 'utf8');
      if (/<script/i.test(text)) offenders.push(`${file}: <script`);
      if (/javascript:/i.test(text)) offenders.push(`${file}: javascript:`);
    }
    assert.deepEqual(offenders, []);
  });

  // The same budgets as the build's: every article and checker page; each page of a tree's
  // sign-off pages (printable steps, disposition table) has its own; the A–Z grows with the
  // site and is exempt.
  test(`every page with its stylesheet weighs at most ${PAGE_WEIGHT_BUDGET} bytes`, () => {
    const css = statSync(join(publicDir, 'style.css')).size;
    const signOff = (f) => /\/(steps|cases)(-[1-9][0-9]*)?\.html$/.test(f);
    const budget = (f) => (signOff(f) ? STEPS_WEIGHT_BUDGET : PAGE_WEIGHT_BUDGET);
    const heavy = listFiles()
      .filter((f) => f.endsWith('.html') && f !== 'a-z.html')
      .map((f) => [f, statSync(join(publicDir, f)).size + css])
      .filter(([f, size]) => size > budget(f))
      .map(([f, size]) => `${f}: ${size} bytes with style.css`);
    assert.deepEqual(heavy, []);
  });

  test('the server serves the site only under /leaflets/, with content types', async () => {
    const get = (path) => fetch(server.origin + path);
    let res = await get('/leaflets/index.html');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    res = await get('/leaflets/style.css');
    assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
    res = await get(`/leaflets/${checkerDir()}drawing.svg`);
    assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    // A section's folder leads to its landing page; a folder without one is not found.
    assert.equal((await get('/leaflets/causes/')).status, 200);
    for (const path of ['/', '/index.html', '/leaflets/nope.html', '/leaflets/..%2f..%2fCargo.toml', '/leaflets/checks/']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });
});
