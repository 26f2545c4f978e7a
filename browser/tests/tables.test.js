// Tables on a 320 px phone: the fixture tests/fixtures/tables has a 4-column table, a 100-row
// table and a table written in HTML with a caption. The page itself must never scroll sideways;
// each table scrolls inside its own box, which shows a shadow at its right edge while there is
// more to see (a visible cue), and which keyboard users can focus and scroll.
//
// Runs on its own site: CAREPATH_TABLES_SITE may name an already built copy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBase, launchBrowser, newInspectContext, repoRoot } from './server.js';

let site;
let browser;
let context;
let page;

function buildSite() {
  if (process.env.CAREPATH_TABLES_SITE) return process.env.CAREPATH_TABLES_SITE;
  const out = join(mkdtempSync(join(tmpdir(), 'carepath-tables-')), 'public');
  const run = spawnSync(
    'cargo',
    ['run', '--release', '--quiet', '--', 'build', '--site', 'tests/fixtures/tables', '--out', out],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `building tests/fixtures/tables failed:\n${run.stdout}\n${run.stderr}`);
  return out;
}

/** Mean brightness (0–255) of a PNG screenshot, decoded by the browser in a blank page. */
async function brightness(png) {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
      return sum / (data.length / 4);
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

/** A strip 5 px wide just inside the right edge of the box's visible part, above its scrollbar. */
async function rightEdge(box) {
  await box.scrollIntoViewIfNeeded();
  const r = await box.boundingBox();
  const height = Math.min(r.height - 20, 200);
  return page.screenshot({ clip: { x: r.x + r.width - 8, y: Math.max(r.y, 0), width: 5, height } });
}

before(async () => {
  site = buildSite();
  browser = await launchBrowser();
  context = await newInspectContext(browser, { viewport: { width: 320, height: 640 } });
  page = await context.newPage();
  await page.goto(`${fileBase(site)}doses.html`);
});

after(async () => {
  await context?.close();
  await browser?.close();
});

describe('tables at 320 px', () => {
  test('the page does not scroll sideways', async () => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page is ${width}px wide at 320px`);
  });

  test('every table is in a labelled, focusable box that scrolls sideways', async () => {
    const boxes = await page.$$eval('main table', (tables) =>
      tables.map((t) => {
        const box = t.parentElement;
        return {
          cls: box.className,
          role: box.getAttribute('role'),
          label: box.getAttribute('aria-label'),
          tabindex: box.getAttribute('tabindex'),
          rows: t.rows.length,
          columns: t.rows[0].cells.length,
          scrollWidth: box.scrollWidth,
          clientWidth: box.clientWidth,
          right: box.getBoundingClientRect().right,
        };
      }),
    );
    assert.equal(boxes.length, 3);
    assert.deepEqual(boxes.map((b) => [b.rows, b.columns]), [[3, 4], [101, 4], [2, 2]]);
    for (const b of boxes) {
      assert.equal(b.cls, 'table-scroll');
      assert.equal(b.role, 'region');
      assert.match(b.label, /^Table: /);
      assert.equal(b.tabindex, '0');
      assert.ok(b.right <= 320, `a table box ends at ${b.right}px`);
    }
    for (const b of boxes.slice(0, 2)) {
      assert.ok(b.scrollWidth > b.clientWidth, `${b.label}: ${b.scrollWidth} <= ${b.clientWidth}: it does not scroll`);
    }
  });

  test('the caption stays in view', async () => {
    const caption = await page.$eval('caption', (c) => {
      const r = c.getBoundingClientRect();
      return { left: r.left, width: r.width, text: c.textContent };
    });
    assert.equal(caption.text, 'Written in HTML, with a caption');
    assert.ok(caption.left >= 0 && caption.width > 0);
  });

  test('a shadow at the right edge shows there is more, and goes at the end', async () => {
    for (const box of (await page.$$('.table-scroll')).slice(0, 2)) {
      await box.evaluate((b) => { b.scrollLeft = 0; });
      const start = await brightness(await rightEdge(box));
      await box.evaluate((b) => { b.scrollLeft = b.scrollWidth; });
      const end = await brightness(await rightEdge(box));
      assert.ok(start < end - 20, `the right edge is ${start.toFixed(0)} bright with more to see and ${end.toFixed(0)} at the end`);
    }
  });

  test('keyboard users can focus a table and scroll it', async () => {
    await page.goto(`${fileBase(site)}doses.html`);
    const box = (await page.$$('.table-scroll'))[0];
    let focused = false;
    for (let i = 0; i < 20 && !focused; i += 1) {
      await page.keyboard.press('Tab');
      focused = await box.evaluate((b) => document.activeElement === b);
    }
    assert.ok(focused, 'Tab never reached the first table');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((b) => b.scrollLeft > 0, box, { timeout: 5000 });
  });
});
