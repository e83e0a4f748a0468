/**
 * Keeps the Dockerfile honest without a Docker engine: the runtime stage's
 * COPYs are laid out in a temporary folder exactly as the image would have
 * them (dist/ built by the same `npm run build`), the image's CMD is started
 * there with the image's ENV, the HEALTHCHECK command is run against it, and
 * the STOPSIGNAL must stop it cleanly. Moving a path, renaming the entry file
 * or reading a file the image lacks breaks this test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HEALTH_PATH, METRICS_PATH } from '../../src/ops/http.js';
import { SHUTDOWN_GRACE_MS } from '../../src/ops/shutdown.js';
import { all, copies, envOf, execForm, last, parseDockerfile, relativeTo, type Stage } from './support/dockerfile.js';
import { collect, exitOf, freePort, logLines, waitFor } from './support/process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const stages = parseDockerfile(join(ROOT, 'Dockerfile'));
const build = stages[0]!;
const runtime = stages.at(-1)!;
const workdir = (stage: Stage) => last(stage, 'WORKDIR') ?? '/';
/** The CMD's entry file, e.g. dist/main.js. */
const cmdEntry = () => execForm(last(runtime, 'CMD')!)[1]!;
const buildOutDir = (
  JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string } }
).compilerOptions.outDir.replace(/^\.\//, '');

const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
const ignored = (path: string) => dockerignore.some((rule) => !rule.startsWith('!') && globToRegExp(rule).test(path));
const contextPath = (source: string) => source.replace(/^\.\//, '').replace(/\/+$/, '');

/**
 * The build stage, in a folder standing for its WORKDIR: its COPYs from the
 * context, `npm run build` (tsc, the same script), node_modules (what npm ci
 * makes: a link to ours), then every `node dist/…` step of its RUNs (e.g.
 * drawing the diagrams), with the stage's absolute paths mapped to the folder.
 * Other RUN steps (apt-get, npm ci/rebuild/prune, cleanup) are not replayed.
 */
function layOutBuildStage(): void {
  const root = workdir(build);
  for (const copy of copies(build)) {
    expect(copy.from, 'the build stage copies from the context only').toBeNull();
    const dest = join(buildDir, relativeTo(root, copy.dest));
    for (const source of copy.sources) {
      const into = copy.sources.length > 1 || copy.dest.endsWith('/') ? join(dest, basename(contextPath(source))) : dest;
      mkdirSync(dirname(into), { recursive: true });
      cpSync(join(ROOT, contextPath(source)), into, { recursive: true });
    }
  }
  // Drawing every diagram of the bank takes half a minute; the step is the same on a slice of it.
  const bankDir = join(buildDir, 'content/aws');
  for (const file of readdirSync(bankDir)) if (!['dns.yaml', 'edge-caching.yaml'].includes(file)) rmSync(join(bankDir, file));
  // The build stage runs `npm run build`; here the same script runs with its output redirected.
  expect(all(build, 'RUN').some((r) => r.includes('npm run build'))).toBe(true);
  const [tool, ...args] = pkg.scripts.build!.split(/\s+/);
  expect(tool).toBe('tsc');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), ...args, '--outDir', join(buildDir, buildOutDir)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  symlinkSync(join(ROOT, 'node_modules'), join(buildDir, 'node_modules'), 'dir');
  const steps = all(build, 'RUN').flatMap((r) => r.split('&&').map((step) => step.trim()));
  for (const step of steps.filter((x) => x.startsWith(`node ${buildOutDir}/`))) {
    const [, ...argv] = step.split(/\s+/).map((word) => (word.startsWith(`${root}/`) ? join(buildDir, word.slice(root.length + 1)) : word));
    const ran = spawnSync(process.execPath, argv, { cwd: buildDir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(ran.status, `${step}\n${ran.stderr}`).toBe(0);
  }
}

/** The runtime stage's COPYs, applied to a folder: what the image's WORKDIR would hold. */
function layOutImage(): void {
  for (const copy of copies(runtime)) {
    expect(copy.sources).toHaveLength(1);
    const dest = join(image, relativeTo(workdir(runtime), copy.dest));
    mkdirSync(dirname(dest), { recursive: true });
    if (copy.from === null) {
      cpSync(join(ROOT, copy.sources[0]!), dest, { recursive: true });
      continue;
    }
    expect(copy.from).toBe(build.name);
    const source = relativeTo(workdir(build), copy.sources[0]!);
    expect(existsSync(join(buildDir, source)), `${source} exists in the build stage`).toBe(true);
    if (source === 'node_modules') symlinkSync(join(ROOT, 'node_modules'), dest, 'dir'); // made by npm ci
    else cpSync(join(buildDir, source), dest, { recursive: true });
  }
}

let image: string; // the temporary folder standing in for the runtime image's WORKDIR
let buildDir: string; // … and for the build stage's
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'awsbot-image-'));
  image = join(scratch, 'app');
  buildDir = join(scratch, 'build');
  mkdirSync(image);
  mkdirSync(buildDir);
  layOutBuildStage();
  layOutImage();
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Dockerfile, laid out and run without Docker', () => {
  it('lays out the runtime stage with the CMD entry file in it', () => {
    const cmd = execForm(last(runtime, 'CMD')!);
    expect(cmd[0]).toBe('node');
    expect(existsSync(join(image, cmd[1]!)), `${cmd[1]} exists in the image`).toBe(true);
    for (const copy of copies(runtime)) expect(existsSync(join(image, relativeTo(workdir(runtime), copy.dest)))).toBe(true);
  });

  it('builds on one slim Node image that package.json allows, runs as a non-root user and keeps the database on a volume', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(new Set(stages.map((st) => st.image)).size).toBe(1);
    const major = /^node:(\d+)-bookworm-slim(@sha256:[0-9a-f]{64})?$/.exec(build.image)?.[1];
    expect(major, build.image).toBeDefined();
    expect(Number(major)).toBeGreaterThanOrEqual(Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]));
    const user = last(runtime, 'USER');
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const env = envOf(runtime);
    expect(env.NODE_ENV).toBe('production');
    const volumes = all(runtime, 'VOLUME').flatMap((v) => v.replace(/[[\]"]/g, ' ').split(/[\s,]+/).filter(Boolean));
    expect(volumes).toContain(dirname(env.DATABASE_PATH!));
    expect(all(runtime, 'EXPOSE')).toContain(env.PORT);
    expect(last(runtime, 'STOPSIGNAL')).toBe('SIGTERM');
  });

  it('builds every native dependency for the image (install scripts are otherwise off)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
    };
    const needBuild = Object.entries(lock.packages)
      .filter(([path, p]) => p.hasInstallScript && !p.dev && path.startsWith('node_modules/'))
      .map(([path]) => path.slice('node_modules/'.length));
    const rebuilt = all(build, 'RUN').join(' ').match(/npm rebuild ([^&|;]+)/)?.[1]?.trim().split(/\s+/) ?? [];
    for (const name of needBuild) expect(rebuilt, `npm rebuild ${name} in the build stage`).toContain(name);
  });

  it('COPYs only paths that exist and are not excluded by .dockerignore', () => {
    for (const rule of ['.env', 'node_modules', 'dist', 'data', '*.sqlite']) expect(dockerignore).toContain(rule);
    for (const stage of stages) {
      for (const copy of copies(stage).filter((c) => c.from === null)) {
        for (const source of copy.sources) {
          const path = contextPath(source);
          expect(existsSync(join(ROOT, path)), `${source} exists`).toBe(true);
          expect(ignored(path), `${source} is not excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('imports nothing at runtime that `npm prune --omit=dev` removes', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const bare = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js')) {
          const code = readFileSync(path, 'utf8');
          for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)["']([^"'./][^"']*)["']/gm)) bare.add(m[1]!);
        }
      }
    };
    walk(join(buildDir, buildOutDir));
    for (const spec of bare) {
      if (builtins.has(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      expect(pkg.dependencies, `${spec} is a production dependency`).toHaveProperty([name]);
    }
  });

  it('starts the CMD, passes the HEALTHCHECK on the ops port, serves metrics, and stops cleanly on the STOPSIGNAL', async () => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const data = join(scratch, 'data');
    const token = 'image-ops-token-0123456789abcdef';
    const env = {
      PATH: process.env.PATH ?? '',
      ...envOf(runtime),
      // The image's /data volume and ports, redirected to this machine; a bearer token as an operator opening the ops port would set.
      DATABASE_PATH: join(data, 'bot.sqlite'),
      PORT: String(port),
      HOST: '127.0.0.1',
      OPS_PORT: String(opsPort),
      OPS_TOKEN: token,
    };
    expect(envOf(runtime).OPS_HOST ?? '127.0.0.1').toBe('127.0.0.1'); // loopback inside the container unless opened on purpose
    const [node, ...args] = execForm(last(runtime, 'CMD')!);
    const child = spawn(node === 'node' ? process.execPath : node!, args, { cwd: image, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = collect(child.stderr);
    const stdout = collect(child.stdout);
    const auth = { headers: { authorization: `Bearer ${token}` } };
    try {
      const base = `http://127.0.0.1:${opsPort}`;
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${stderr.text()}`);
          return fetch(`${base}${HEALTH_PATH}`, auth).then((r) => r.ok || undefined, () => undefined);
        },
        30_000,
        '/healthz',
      );

      const healthcheck = last(runtime, 'HEALTHCHECK')!;
      expect(healthcheck).toContain(HEALTH_PATH);
      const [hcTool, ...hcArgs] = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3));
      expect(hcTool).toBe('node'); // slim images have no curl
      const probe = spawnSync(process.execPath, hcArgs, { cwd: image, env, encoding: 'utf8', timeout: 10_000 });
      expect(probe.status, probe.stderr).toBe(0);
      // The same probe with a wrong token fails: it really asked the ops server.
      expect(spawnSync(process.execPath, hcArgs, { cwd: image, env: { ...env, OPS_TOKEN: 'wrong' }, encoding: 'utf8', timeout: 10_000 }).status).toBe(1);

      expect((await fetch(`${base}${HEALTH_PATH}`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}${HEALTH_PATH}`).catch(() => null))?.ok ?? false).toBe(false); // not on the public port
      const health = await fetch(`${base}${HEALTH_PATH}`, auth);
      expect(await health.json()).toMatchObject({ status: 'ok', checks: { store: { ok: true } } });
      const metrics = await fetch(`${base}${METRICS_PATH}`, auth);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      expect(text).toContain('# TYPE awsbot_commands_total counter');
      expect(text).toContain('# TYPE awsbot_posts_sent_total counter');
      expect(text).toContain('# TYPE awsbot_limited_total counter');
      expect(text).toContain('awsbot_limit_setting{limit="commands_per_minute"} 30');
      expect(text).toContain('process_cpu_seconds_total');
    } finally {
      child.kill((last(runtime, 'STOPSIGNAL') ?? 'SIGTERM') as NodeJS.Signals);
    }
    expect(await exitOf(child, SHUTDOWN_GRACE_MS + 5_000)).toBe(0);
    expect(stdout.text()).toBe('');
    // Production logs are JSON lines, and the shutdown finished within its budget.
    const lines = logLines(stderr.text());
    expect(lines.filter((l) => 'raw' in l)).toEqual([]);
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ clean: true, reason: 'SIGTERM' });
    // The WAL was checkpointed and removed: the file on the volume stands on its own.
    expect(existsSync(join(data, 'bot.sqlite'))).toBe(true);
    expect(existsSync(join(data, 'bot.sqlite-wal'))).toBe(false);

    // The backup command documented for the image runs from it, on the volume.
    const backup = spawnSync(process.execPath, [cmdEntry(), 'backup', join(data, 'backups', 'b.sqlite')], { cwd: image, env, encoding: 'utf8' });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .*bot\.sqlite to .*b\.sqlite/);
    expect(existsSync(join(data, 'backups', 'b.sqlite'))).toBe(true);
  }, 60_000);

  it('the entry file answers --help and --version without configuration', async () => {
    const runEntry = async (flag: string) => {
      const child = spawn(process.execPath, [cmdEntry(), flag], { cwd: image, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const [out, err] = [collect(child.stdout), collect(child.stderr)];
      // 'close', not 'exit': the pipes have drained by then.
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, stdout: out.text(), stderr: err.text() };
    };
    const [help, version] = await Promise.all([runEntry('--help'), runEntry('--version')]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain(`node ${cmdEntry()} backup <file>`);
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('has a compose example with an env file, the data volume, a restart policy and a long enough stop grace', () => {
    const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { env_file?: unknown; volumes?: string[]; restart?: string; stop_grace_period?: string; environment?: Record<string, string> }>;
      volumes?: Record<string, unknown>;
    };
    const [service] = Object.values(compose.services);
    expect(service?.env_file).toBe('.env');
    const dataDir = dirname(envOf(runtime).DATABASE_PATH!);
    const mount = service?.volumes?.find((v) => v.endsWith(`:${dataDir}`));
    expect(mount, `a volume mounted at ${dataDir}`).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount!.split(':')[0]);
    expect(service?.restart).toMatch(/^(always|unless-stopped|on-failure)/);
    expect(Number.parseInt(service?.stop_grace_period ?? '10', 10) * 1000).toBeGreaterThan(SHUTDOWN_GRACE_MS);
    expect(service?.environment?.DATABASE_PATH).toBe(envOf(runtime).DATABASE_PATH);
  });
});
