// A text browser: lynx must read a deep question page in a sensible order —
// the question, then its answers, then "Your answers" with the earlier
// questions — with working links.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageTypes, publicDir } from './server.js';

const squash = (s) => s.replace(/\s+/g, ' ').trim();

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const text = (html) =>
  squash(
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e) => {
        if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
        return ENTITIES[e.toLowerCase()] ?? m;
      }),
  );

function lynx(file, ...flags) {
  const run = spawnSync(
    'lynx',
    ['-dump', ...flags, '-assume_charset=utf-8', '-display_charset=utf-8', pathToFileURL(file).href],
    { encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } },
  );
  assert.ifError(run.error);
  assert.equal(run.status, 0, `lynx failed: ${run.stderr}`);
  return run.stdout;
}

/** Position of `needle` in `haystack` at or after `from`; fails if absent. */
function at(haystack, needle, from = 0, what = needle) {
  const i = haystack.indexOf(needle, from);
  assert.ok(i >= 0, `"${what}" not found${from ? ' after the earlier parts' : ''} in the lynx dump:\n${haystack}`);
  return i;
}

let page;
let file;
let question;
let answers; // [{ label, href }]
let earlier; // [{ question, answer }]

before(() => {
  page = pageTypes()['deep question'];
  file = join(publicDir, page);
  const html = readFileSync(file, 'utf8');
  question = text(html.match(/<h1>([\s\S]*?)<\/h1>/)[1]);
  const list = html.match(/<ul class="answers">([\s\S]*?)<\/ul>/)[1];
  answers = [...list.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], label: text(m[2]) }));
  const trail = html.match(/<section class="trail"[\s\S]*?<\/section>/)[0];
  earlier = [
    ...trail.matchAll(
      /<span class="trail-question">([\s\S]*?)<\/span>\s*<span class="trail-answer">(?:<span class="visually-hidden">[^<]*<\/span>)?([\s\S]*?)<\/span>/g,
    ),
  ].map((m) => ({ question: text(m[1]), answer: text(m[2]) }));
  assert.ok(answers.length >= 2, `${page} offers answers`);
  assert.ok(earlier.length >= 3, `${page} is a deep question page with a trail`);
});

test('lynx -dump -nolist reads question, answers, then "Your answers"', () => {
  const dump = squash(lynx(file, '-nolist'));
  const q = at(dump, question);
  let last = q;
  for (const { label } of answers) {
    last = at(dump, label, last + 1);
  }
  const yours = at(dump, 'Your answers', last + 1);
  // Every earlier question, with the answer given, in order, under "Your answers".
  let pos = yours;
  for (const step of earlier) {
    pos = at(dump, step.question, pos + 1);
    pos = at(dump, step.answer, pos + 1, `${step.answer} (answer to "${step.question}")`);
  }
  at(dump, 'Start again', pos + 1);
  // Nothing of the trail comes before the question.
  assert.ok(dump.indexOf('Your answers') > q, '"Your answers" comes after the question');
  assert.ok(!dump.includes('<'), 'no markup leaks into the text');
});

test('lynx -dump numbers every answer link and lists where it goes', () => {
  const raw = lynx(file);
  const [body, refs] = raw.split(/^References$/m);
  assert.ok(refs, `lynx listed no references:\n${raw}`);
  const dump = squash(body);
  const targets = new Map(
    [...refs.matchAll(/^\s*(\d+)\.\s+(\S+)\s*$/gm)].map((m) => [m[1], m[2]]),
  );
  const pageUrl = pathToFileURL(file).href;
  let last = at(dump, question);
  for (const { label, href } of answers) {
    const m = dump.slice(last).match(new RegExp(`\\[(\\d+)\\]${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(m, `answer "${label}" is not a numbered link after the question:\n${body}`);
    last += m.index + 1;
    assert.equal(targets.get(m[1]), new URL(href, pageUrl).href, `link [${m[1]}] "${label}" goes to its page`);
  }
  const changes = [...dump.matchAll(/\[(\d+)\]Change/g)];
  assert.equal(changes.length, earlier.length, 'one "Change" link per earlier answer');
  for (const [, n] of changes) {
    assert.match(targets.get(n) ?? '', /\.html$/, `"Change" link [${n}] names a page`);
  }
});
