import { describe, expect, it } from 'vitest';
import { handleText } from '../src/core/dispatch.js';
import { makeContext, makeDeps } from './support/core.js';

describe('smoke', () => {
  it('question, answer, grade', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps);
    const q = await handleText('question networking', ctx);
    expect(q.outcome).toBe('ok');
    const a = await handleText('answer', ctx);
    expect(a.reply.fallbackText).toMatch(/^Answer:/);
    const g = await handleText('knew', ctx);
    expect(g.reply.fallbackText).toContain('1-day streak');
  });
});
