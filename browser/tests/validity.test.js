// HTML validity: the W3C Nu Html Checker (vnu.jar from the vnu-jar package)
// over every page of the built site, plus its stylesheet and SVG drawings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, publicDir } from './server.js';

const require = createRequire(import.meta.url);
const vnuJar = String(require('vnu-jar'));

// A page with a known error, checked in the same run, so that a checker that
// silently checks nothing cannot pass.
const CANARY = '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><ul><p>not a list item</p></ul></body></html>\n';

function where(url) {
  let file = url ?? '(unknown file)';
  try {
    file = relative(publicDir, fileURLToPath(url));
  } catch {
    // not a file: URL; keep it as it is
  }
  return file;
}

test('every page, the stylesheet and the drawings pass the Nu Html Checker', () => {
  const files = listFiles();
  const html = files.filter((f) => f.endsWith('.html')).map((f) => join(publicDir, f));
  const other = files.filter((f) => /\.(css|svg)$/.test(f)).map((f) => join(publicDir, f));
  assert.ok(html.length >= 10, `expected the built site in ${publicDir}; run the build first`);

  const dir = mkdtempSync(join(tmpdir(), 'carepath-vnu-'));
  const canary = join(dir, 'canary.html');
  writeFileSync(canary, CANARY);
  let run;
  try {
    run = spawnSync(
      'java',
      ['-jar', vnuJar, '--errors-only', '--format', 'json', '--also-check-css', '--also-check-svg', ...html, ...other, canary],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ifError(run.error);
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout);
  } catch {
    assert.fail(`vnu.jar gave no JSON report (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  }

  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const canaryErrors = errors.filter((m) => m.url && m.url.endsWith('/canary.html'));
  assert.ok(canaryErrors.length > 0, 'the checker found the known error in the canary page');

  const siteErrors = errors.filter((m) => !canaryErrors.includes(m));
  const lines = siteErrors.map((m) => {
    const at = m.lastLine ? `:${m.firstLine ?? m.lastLine}${m.firstColumn ? `:${m.firstColumn}` : ''}` : '';
    const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim()}` : '';
    return `  ${where(m.url)}${at}: ${m.message}${extract}`;
  });
  assert.equal(siteErrors.length, 0, `${siteErrors.length} error(s):\n${lines.join('\n')}`);
});
