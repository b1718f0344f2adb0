/**
 * `pnpm bench footprint [--runs 3] [--out file.json]`: what a small operator costs before it caches
 * anything, for kubekit, controller-runtime and kube-rs. Each contender is a fresh process running a
 * manager with one controller on ConfigMaps holding one ConfigMap
 * (bench/footprint/kubekitOperator.ts, run as JavaScript once its types are stripped, as a built
 * operator runs; the peers' `footprint` variant) against the test harness's
 * real kube-apiserver (kube-rs's watcher does not sync against FakeApiServer). Measured from outside:
 * the wall time from spawning the process to its first reconcile, the idle RSS 2 s after that and
 * after a collection (Node: two `gc()`; Go: `runtime.GC` + `FreeOSMemory`), and the language heap.
 * Also: the time `import` of each kubekit package takes in a fresh Node process, bare Node's own
 * start and idle RSS, and the wall time of `kubekit --help` (@kubekit/cli). `kubekit+cache` runs the
 * kubekit operator with Node's compile cache (`NODE_COMPILE_CACHE`, warmed by one run first).
 * Medians of `--runs`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';
import { buildPeers } from './peers/build.ts';
import { ContenderProcess } from './support/contenderProcess.ts';
import { fmt, machineInfo, markdownTable, median } from './support/report.ts';

const argv = process.argv.slice(3);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const runs = Number(option('runs', '3'));
const out = option(
  'out',
  fileURLToPath(new URL(`./results/footprint-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url)),
);
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// The operator runs as JavaScript, as a built operator does: a `.ts` entry makes Node load its type
// stripper (amaro, ~150 ms and ~18 MB of RSS) that no deployed operator pays. Written under
// bench/results/ so that `@kubekit/*` resolve from the repository as they do for the `.ts` file.
const operator = fileURLToPath(new URL('./results/footprintOperator.mjs', import.meta.url));
await mkdir(dirname(operator), { recursive: true });
await writeFile(
  operator,
  stripTypeScriptTypes(await readFile(new URL('./footprint/kubekitOperator.ts', import.meta.url), 'utf8')),
);
const cli = fileURLToPath(new URL('../packages/cli/bin/kubekit.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const samples: Record<string, Record<string, number[]>> = {};
const record = (key: string, figures: Record<string, number | undefined>) => {
  samples[key] ??= {};
  const entry = samples[key];
  for (const [metric, v] of Object.entries(figures)) {
    if (v === undefined || !Number.isFinite(v)) continue;
    entry[metric] = [...(entry[metric] ?? []), v];
  }
};
const med = (key: string, metric: string) => median(samples[key]?.[metric] ?? []);

/** Wall time of `node args` to exit, in ms; its stdout. */
function timed(args: string[], env: Record<string, string> = {}): { ms: number; stdout: string } {
  const t = performance.now();
  const stdout = execFileSync(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { ms: performance.now() - t, stdout };
}

const peers = await buildPeers(log);
const scratch = await mkdtemp(join(tmpdir(), 'kubekit-footprint-'));
const compileCache = join(scratch, 'compile-cache');
// the real kube-apiserver of the test harness: kube-rs's watcher never syncs against FakeApiServer
const server = await TestEnvironment.start();
const client = new Client({ kubeConfig: server.kubeConfig });
await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'footprint' } });
await client.create({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'one', namespace: 'footprint' },
  data: { a: 'b' },
});
client.close();

interface Spec {
  name: string;
  command: [string, string[]];
  env?: Record<string, string>;
}
const nodeFlags = ['--expose-gc', '--no-warnings'];
const specs: Spec[] = [
  { name: 'bare Node', command: [process.execPath, [...nodeFlags, '-e', idleNode()]] },
  { name: 'kubekit', command: [process.execPath, [...nodeFlags, operator]] },
  {
    name: 'kubekit+cache',
    command: [process.execPath, [...nodeFlags, operator]],
    env: { NODE_COMPILE_CACHE: compileCache },
  },
  { name: 'controller-runtime', command: [peers['controller-runtime'], ['footprint']] },
  { name: 'kube-rs', command: [peers['kube-rs'], ['footprint']] },
];

/** A Node program that says `reconciled` at once and idles: bare Node's own start and RSS. */
function idleNode(): string {
  return `process.stdout.write(JSON.stringify({phase:'reconciled'})+'\\n');
require('node:readline').createInterface({input:process.stdin}).on('line',(l)=>{
 if(l==='gc'){gc();gc();process.stdout.write(JSON.stringify({phase:'settled',heapBytes:process.memoryUsage().heapUsed})+'\\n');}
 if(l==='exit')process.exit(0);});`;
}

try {
  // warm the compile cache once
  {
    const c = ContenderProcess.start('warm', process.execPath, [...nodeFlags, operator], {
      BENCH_KUBECONFIG: server.kubeconfigPath,
      BENCH_NAMESPACE: 'footprint',
      BENCH_COUNT: '1',
      NODE_COMPILE_CACHE: compileCache,
    });
    await c.until('reconciled');
    await c.exit();
  }
  for (let run = 1; run <= runs; run++) {
    for (const spec of specs) {
      log(`${spec.name}, run ${run}`);
      const t = performance.now();
      const child = ContenderProcess.start(spec.name, spec.command[0], spec.command[1], {
        BENCH_KUBECONFIG: server.kubeconfigPath,
        BENCH_NAMESPACE: 'footprint',
        BENCH_COUNT: '1',
        ...spec.env,
      });
      try {
        await child.until('reconciled');
        const startMs = performance.now() - t;
        const atReconcile = child.sample();
        await sleep(2000);
        const idle = child.sample();
        const settled = await child.request('gc', 'settled');
        const afterGc = child.sample();
        record(spec.name, {
          startToReconcileMs: startMs,
          rssAtReconcileMB: atReconcile.rssBytes / 1e6,
          idleRssMB: idle.rssBytes / 1e6,
          idleRssAfterGcMB: afterGc.rssBytes / 1e6,
          peakRssMB: afterGc.hwmBytes / 1e6,
          heapMB: settled.heapBytes === undefined ? undefined : Number(settled.heapBytes) / 1e6,
          cpuMs: afterGc.cpuMs,
        });
      } finally {
        await child.exit();
      }
    }
    for (const pkg of ['core', 'client', 'cache', 'manager', 'testing']) {
      const script = `const t=performance.now();await import('@kubekit/${pkg}');const ms=performance.now()-t;gc();console.log(JSON.stringify({ms,rss:process.memoryUsage().rss,heap:process.memoryUsage().heapUsed}))`;
      const { stdout } = timed(['--expose-gc', '--input-type=module', '-e', script]);
      const m = JSON.parse(stdout) as { ms: number; rss: number; heap: number };
      record(`import @kubekit/${pkg}`, { importMs: m.ms, rssMB: m.rss / 1e6, heapMB: m.heap / 1e6 });
    }
    record('node -e 0', { wallMs: timed(['-e', '0']).ms });
    record('kubekit --help', { wallMs: timed([cli, '--help']).ms });
    record('kubekit --help (compile cache)', {
      wallMs: timed([cli, '--help'], { NODE_COMPILE_CACHE: compileCache }).ms,
    });
  }
} finally {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
}

const ratio = (a: number, b: number) => fmt(a / b, 2);
const sections = [
  `### Idle footprint: a manager with one ConfigMap controller, one object\n\n${markdownTable(
    specs.map((s) => ({
      contender: s.name,
      'start → first reconcile ms': fmt(med(s.name, 'startToReconcileMs')),
      'idle RSS MB': fmt(med(s.name, 'idleRssMB')),
      'idle RSS after GC MB': fmt(med(s.name, 'idleRssAfterGcMB')),
      'peak RSS MB': fmt(med(s.name, 'peakRssMB')),
      'heap MB': fmt(med(s.name, 'heapMB')),
      'CPU ms to idle': fmt(med(s.name, 'cpuMs')),
      'kubekit/x start': ratio(med('kubekit', 'startToReconcileMs'), med(s.name, 'startToReconcileMs')),
      'kubekit/x idle RSS': ratio(med('kubekit', 'idleRssAfterGcMB'), med(s.name, 'idleRssAfterGcMB')),
    })),
  )}`,
  `### Import and CLI start (fresh Node process each)\n\n${markdownTable(
    Object.keys(samples)
      .filter((k) => k.startsWith('import') || k.includes('--help') || k === 'node -e 0')
      .map((k) => ({
        what: k,
        ms: fmt(med(k, 'importMs') || med(k, 'wallMs')),
        'RSS MB after': fmt(med(k, 'rssMB')),
        'heap MB after': fmt(med(k, 'heapMB')),
      })),
  )}`,
];
console.log(`\n## pnpm bench footprint\n\nmedian of ${runs} run(s); machine: ${JSON.stringify(machineInfo())}\n`);
console.log(sections.join('\n\n'));
await mkdir(dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), samples }, null, 2)}\n`,
);
console.error(`samples written to ${out}`);
