import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run content:links without internet', () => {
  it('says so clearly and exits 0', () => {
    // Port 1 on loopback refuses connections: a deterministic stand-in for "offline".
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/content-links.ts', '--probe', 'http://127.0.0.1:1/'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^content:links: no internet access from this machine \(http:\/\/127\.0\.0\.1:1\/ is unreachable\); \d+ links were NOT checked/);
  });
});
