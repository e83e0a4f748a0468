/** Issue 7 in the console: the review greeting line, a mock and export written to disk. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_USER, runConsole } from '../../src/adapters/console/session.js';
import { reviewGreeting } from '../../src/core/usecases/remind.js';
import { makeDeps } from '../support/core.js';

async function session(lines: string[], deps = makeDeps({ now: '2026-03-10T12:00:00Z' })) {
  const filesDir = mkdtempSync(join(tmpdir(), 'console-files-'));
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  await runConsole({
    deps,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    filesDir,
    greetingExtras: (ctx) => reviewGreeting(deps, ctx.actor.userKey),
  });
  return { out, filesDir, deps };
}

describe('console', () => {
  it('greets with the due reviews, and review → answer → grade runs the queue', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    deps.store.touchUser(CONSOLE_USER, 'you', deps.clock.now());
    deps.store.saveReviewCard(CONSOLE_USER, 'iam-roles', { ...createEmptyCard(new Date('2026-03-09T12:00:00Z')), state: 2, reps: 1 });
    const { out } = await session(['review', 'answer', '2'], deps);
    expect(out).toContain('🔁 1 review due today — type "review".');
    expect(out).toContain('== Review — 1 due today ==');
    expect(out).toContain('> Grade yourself: 1 = Knew it · 2 = Partly · 3 = Didn\'t know');
    expect(out).toContain('No reviews due today. The next one comes back');
  });

  it('a whole mock by typing, then export writes the Markdown notes to the files folder', async () => {
    const { out, filesDir } = await session(['mock iam 2', 'answer', '3', 'answer', '2', 'export']);
    expect(out).toContain('== Mock interview — question 1 of 2 ==');
    expect(out).toContain('== Mock interview — question 2 of 2 ==');
    expect(out).toContain('== Mock interview — summary ==');
    expect(out).toContain('Score: 0.5/2 (25%)');
    expect(out).toMatch(/Saved .*aws-interview-notes-2026-03-10\.md/);
    const [file] = readdirSync(filesDir);
    const md = readFileSync(join(filesDir, file!), 'utf8');
    expect(md).toContain('# AWS interview notes');
    expect(md).toContain('## IAM');
  });
});
