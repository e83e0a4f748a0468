/** Spawns run-jobs.ts as a real child process and collects its exit and summary. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunSummary } from '../../../src/jobs/deliveries.js';
import type { ChildConfig } from './run-jobs.js';

export interface ChildRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; summary: RunSummary | null; stderr: string }>;
}

const SCRIPT = join(import.meta.dirname, 'run-jobs.ts');

export function runChild(cfg: ChildConfig): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { PATH: process.env.PATH, JOBS_CHILD: JSON.stringify(cfg) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Awaited<ChildRun['exited']>>((resolve) => {
    // 'close' (not 'exit') fires once the pipes have drained, so stdout is complete.
    child.on('close', (code, signal) => resolve({ code, signal, summary: stdout ? (JSON.parse(stdout) as RunSummary) : null, stderr }));
  });
  return { child, exited };
}
