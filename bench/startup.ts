/**
 * Start-up and alias-refresh benchmark.
 *
 * Start-up: the installed build (`npm run build` → `dist/`, run through `bin/stormbot.js` from a
 * package-shaped folder, so no TypeScript is involved) runs `stormbot run` on the test back-end,
 * no web server, the default sqlite store, against a StackStorm stand-in (the sandbox, in a
 * worker thread of this process) serving N generated aliases over loopback HTTP. "Ready" is the
 * `stormbot is running` log line: the stream is connected, every alias is loaded and indexed and
 * the back-end is connected. Reported per run: milliseconds from spawning the process to that line,
 * and the process's peak resident memory (VmHWM) at that moment; beside a bare `node -e` start
 * measured the same way in the same run.
 *
 * Refresh: the alias catalog, on a real client against the same stand-in, loaded once and then
 * reloaded with nothing changed, with a few aliases changed, and with every alias changed; for
 * each, the wall time and the longest event-loop block seen meanwhile (`monitorEventLoopDelay`).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AliasCatalog } from '../src/chatops/catalog.js';
import { systemClock } from '../src/core/clock.js';
import { createLogger } from '../src/log.js';
import { startSandbox } from '../src/sandbox/index.js';
import { St2Client } from '../src/stackstorm/index.js';
import { generateAliases } from './alias-workload.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [10_000, 25_000];
const RUNS = 3;
/** How long one start may take before the run is given up. */
const START_LIMIT_MS = 60_000;

/** What the stand-in worker is asked to do. */
type St2Request = { kind: 'change'; count: number; round: number } | { kind: 'close' };

/** The stand-in's address, as the worker reports it. */
interface St2Address {
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly streamUrl: string;
  readonly apiKey: string;
}

/** The worker side: a sandbox serving `aliases` generated aliases, changing some on request. */
async function serveSt2(count: number): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const empty = mkdtempSync(join(tmpdir(), 'stormbot-bench-packs-'));
  const sandbox = await startSandbox({
    packsDir: empty,
    apiKeys: ['bench-api-key'],
    logger: createLogger({ level: 'silent' }),
  });
  const generated = generateAliases(count);
  for (const alias of generated) sandbox.addAlias(alias);
  const address: St2Address = {
    apiUrl: sandbox.apiUrl,
    authUrl: sandbox.authUrl,
    streamUrl: sandbox.streamUrl,
    apiKey: sandbox.apiKey,
  };
  port.postMessage(address);
  port.on('message', (request: St2Request) => {
    if (request.kind === 'close') {
      void sandbox.close().then(() => {
        rmSync(empty, { recursive: true, force: true });
        port.close();
      });
      return;
    }
    for (const alias of generated.slice(0, request.count)) {
      sandbox.updateAlias({ ...alias, description: `${alias.description} (${request.round})` });
    }
    port.postMessage('changed');
  });
}

/** A stand-in StackStorm in a worker thread, so its work never shows in this thread's loop. */
class St2StandIn {
  private constructor(
    private readonly worker: Worker,
    readonly address: St2Address,
  ) {}

  static async start(aliases: number): Promise<St2StandIn> {
    // Workers do not inherit the TypeScript loader this bench runs under, and Node 20 refuses a
    // `.ts` entry before any loader runs: start with a script that imports this file through tsx.
    const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: { startupBenchSt2: aliases } });
    const address = await new Promise<St2Address>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new St2StandIn(worker, address);
  }

  /** Change the description of the first `count` aliases. */
  async change(count: number, round: number): Promise<void> {
    const done = new Promise((resolve) => this.worker.once('message', resolve));
    this.worker.postMessage({ kind: 'change', count, round } satisfies St2Request);
    await done;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ kind: 'close' } satisfies St2Request);
    await exited;
  }
}

/** One start: time to the ready line, processor time and peak resident memory then. */
interface StartFigures {
  readonly ms: number;
  /** User + system time of the process (steadier than `ms` on a busy machine). */
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

/** Processor time and peak resident set of a process so far (Linux `/proc`; NaN elsewhere). */
function usage(pid: number): { cpuMs: number; peakRssMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    // Fields 14 and 15 of /proc/PID/stat, after the parenthesised name: utime, stime in ticks
    // of 1/100 s (USER_HZ).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuMs: ticks * 10, peakRssMb: kb === undefined ? Number.NaN : Number(kb) / 1024 };
  } catch {
    return { cpuMs: Number.NaN, peakRssMb: Number.NaN };
  }
}

/** Spawn `node args`, wait for a stderr or stdout line containing `ready`, measure, kill. */
async function timeStart(
  args: readonly string[],
  ready: string,
  cwd: string,
): Promise<StartFigures> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines: string[] = [];
  const seen = new Promise<StartFigures>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`no "${ready}" line within ${START_LIMIT_MS} ms; saw:\n${lines.join('\n')}`),
      );
    }, START_LIMIT_MS);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (lines.length < 50) lines.push(line);
        if (!line.includes(ready)) return;
        clearTimeout(timer);
        resolve({ ms: performance.now() - started, ...usage(child.pid ?? 0) });
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before "${ready}"; saw:\n${lines.join('\n')}`));
    });
  });
  try {
    return await seen;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A folder shaped like the installed package: `bin/`, `dist/` (the build), `package.json`. */
function installedPackage(): string {
  const build = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('the build (tsc -p tsconfig.build.json) failed');
  const dir = mkdtempSync(join(tmpdir(), 'stormbot-bench-install-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin/stormbot.js'), join(dir, 'bin/stormbot.js'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'dist'), join(dir, 'dist'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The configuration an operator would write: the test back-end, no web server, defaults. */
function writeConfig(dir: string, st2: St2Address): string {
  const path = join(dir, 'stormbot.yaml');
  writeFileSync(
    path,
    JSON.stringify({
      backend: 'test',
      bot: { data_dir: join(dir, 'data') },
      stackstorm: {
        api_url: st2.apiUrl,
        auth_url: st2.authUrl,
        stream_url: st2.streamUrl,
        api_auth: { apikey: st2.apiKey },
      },
    }),
  );
  return path;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function medians(runs: readonly StartFigures[]): StartFigures {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
  };
}

function describeStarts(label: string, runs: readonly StartFigures[], base?: StartFigures): string {
  const each = (f: (r: StartFigures) => number): string =>
    `${runs.map((r) => Math.round(f(r))).join(' / ')} (median ${Math.round(f(medians(runs)))})`;
  const m = medians(runs);
  const ratio = base
    ? `\n  ${''.padEnd(24)} ${(m.ms / base.ms).toFixed(1)}× the time, ${(m.cpuMs / base.cpuMs).toFixed(1)}× the processor time, ${(m.peakRssMb / base.peakRssMb).toFixed(1)}× the memory of a bare start`
    : '';
  return `  ${label.padEnd(24)} ready ${each((r) => r.ms)} ms, processor ${each((r) => r.cpuMs)} ms, peak RSS ${each((r) => r.peakRssMb)} MB${ratio}`;
}

/** One refresh step: wall time and the longest event-loop block while it ran. */
async function timeRefresh(step: () => Promise<void>): Promise<{ ms: number; blockMs: number }> {
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  // Let the monitor's timer fire once after the step, so a block at its very end is counted.
  await new Promise((resolve) => setTimeout(resolve, 5));
  monitor.disable();
  return { ms, blockMs: monitor.max / 1e6 };
}

async function benchRefresh(st2: St2StandIn, size: number): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const client = new St2Client({
    apiUrl: st2.address.apiUrl,
    authUrl: st2.address.authUrl,
    streamUrl: st2.address.streamUrl,
    credentials: { kind: 'apiKey', apiKey: st2.address.apiKey },
    clock: systemClock,
    logger,
  });
  const catalog = new AliasCatalog({ st2: client, clock: systemClock, logger, refreshMs: 0 });
  const line = (what: string, r: { ms: number; blockMs: number }): string =>
    `  ${what.padEnd(30)} ${Math.round(r.ms).toString().padStart(6)} ms, longest block ${Math.round(r.blockMs)} ms`;
  const out: string[] = [];
  out.push(line('first load', await timeRefresh(() => catalog.reload())));
  for (let i = 0; i < RUNS; i++)
    out.push(line('reload, nothing changed', await timeRefresh(() => catalog.reload())));
  let round = 0;
  for (const count of [10, size]) {
    for (let i = 0; i < (count === size ? 1 : RUNS); i++) {
      await st2.change(count, ++round);
      const what = count === size ? 'reload, every alias changed' : `reload, ${count} changed`;
      out.push(line(what, await timeRefresh(() => catalog.reload())));
    }
  }
  await client.close();
  console.log(
    `refresh at ${size.toLocaleString('en-US')} aliases (catalog in this process, st2 in a worker):`,
  );
  console.log(out.join('\n'));
}

/** Run the start-up and refresh benchmark and print its figures. */
export async function runStartupBench(): Promise<void> {
  console.log(
    `\nstart-up and refresh (load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version})`,
  );
  const dir = installedPackage();
  try {
    for (const size of SIZES) {
      const st2 = await St2StandIn.start(size);
      try {
        const config = writeConfig(dir, st2.address);
        const bare: StartFigures[] = [];
        const bot: StartFigures[] = [];
        for (let i = 0; i < RUNS; i++) {
          bare.push(
            await timeStart(
              ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'],
              'ready',
              dir,
            ),
          );
          bot.push(
            await timeStart(
              [join(dir, 'bin/stormbot.js'), 'run', '--config', config],
              '"stormbot is running"',
              dir,
            ),
          );
        }
        const base = medians(bare);
        console.log(
          `start-up at ${size.toLocaleString('en-US')} aliases (installed build, test back-end, no web server):`,
        );
        console.log(describeStarts('bare node -e', bare));
        console.log(describeStarts('stormbot run', bot, base));
        await benchRefresh(st2, size);
      } finally {
        await st2.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread && (workerData as { startupBenchSt2?: number } | null)?.startupBenchSt2) {
  void serveSt2((workerData as { startupBenchSt2: number }).startupBenchSt2);
}
