/** startApp starts the scheduler with the running platforms' ports (here the console's) and stops it. */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeDeps } from '../support/core.js';
import { subscribe } from './support/harness.js';

describe('startApp wires the scheduler', () => {
  it('a console subscription due now is printed in the terminal on start-up', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'local', platform: 'console' });
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (c: Buffer) => (printed += c.toString()));
    const running = await startApp({ config: loadConfig({ CONSOLE: 'on' }), deps, logger: deps.logger, stdin, stdout });
    await vi.waitFor(() => expect(printed).toContain("== Today's AWS interview question =="));
    stdin.end();
    await running.done;
    await running.stop();
    expect(deps.store.db.prepare('SELECT state FROM posts').all()).toEqual([{ state: 'sent' }]);
    expect(deps.logger.lines.some((l) => l.msg === 'scheduler stopped')).toBe(true);
  });
});
