/**
 * `pnpm bench gather`: `gather()` of @kubekit/testing recording 10k objects of 20 kinds (500 each,
 * in one namespace) from a real API server (TestEnvironment): objects per second and the peak
 * resident memory of the recording process (a child process that does nothing else), with and
 * without `--watch`-style state kept; and how long `kubekit --help` takes to start next to a bare
 * `node -e 0`. `pnpm bench gather --per-kind N` changes the 500.
 */
import { execFile, fork } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import { gather, TestEnvironment } from '@kubekit/testing';
import { seedObjects } from '../test/support/clusterSeed.ts';
import { inParallel } from './support/widgets.ts';

const NAMESPACE = 'bench-gather';
const KINDS = 20;

/** What the child reports. */
interface ChildResult {
  ms: number;
  objects: number;
  kinds: number;
  maxRssMB: number;
}

if (process.env.KUBEKIT_BENCH_GATHER_CHILD) {
  // the recording process: one gather, then its figures
  const { kubeconfig, dir, namespace } = JSON.parse(process.env.KUBEKIT_BENCH_GATHER_CHILD) as Record<string, string>;
  const { readKubeConfig } = await import('@kubekit/client');
  const t = performance.now();
  const summary = await gather({
    dir: dir as string,
    kubeConfig: readKubeConfig({ path: kubeconfig as string }),
    namespaces: [namespace as string],
    qps: 0,
  });
  const result: ChildResult = {
    ms: performance.now() - t,
    objects: summary.objects,
    kinds: summary.manifest.kinds.length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
  process.exit(0);
}

const perKindArg = process.argv.indexOf('--per-kind');
const perKind = perKindArg >= 0 ? Number(process.argv[perKindArg + 1]) : 500;
if (!Number.isInteger(perKind) || perKind < 1) {
  console.error('usage: pnpm bench gather [--per-kind N]');
  process.exit(2);
}

/** 20 namespaced kinds of the recording suites' seed (no Service: each takes a cluster IP). */
const templates = seedObjects(NAMESPACE, 'bench-secret')
  .filter((o) => o.kind !== 'Service')
  .slice(0, KINDS);

function runChild(kubeconfig: string, dir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, KUBEKIT_BENCH_GATHER_CHILD: JSON.stringify({ kubeconfig, dir, namespace: NAMESPACE }) },
      execArgv: ['--no-warnings=ExperimentalWarning'],
    });
    child.once('message', (m) => resolve(m as ChildResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`the gather process exited with ${code}`)));
  });
}

function spawnMs(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    execFile(process.execPath, args, (err) => (err ? reject(err) : resolve(performance.now() - t)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const env = await TestEnvironment.start();
const dirs: string[] = [];
try {
  using client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const seedStart = performance.now();
  await inParallel(
    0,
    templates.length * perKind,
    async (i) => {
      const template = templates[i % templates.length] as KubeObject;
      const name = `${template.metadata?.name}-${Math.floor(i / templates.length)}`;
      await client.create({ ...template, metadata: { ...template.metadata, name } });
    },
    32,
  );
  const seedMs = performance.now() - seedStart;
  console.log(
    `seeded ${templates.length * perKind} objects of ${templates.length} kinds in ${(seedMs / 1000).toFixed(1)} s`,
  );

  const runs: ChildResult[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-bench-gather-'));
    dirs.push(dir);
    runs.push(await runChild(env.kubeconfigPath, dir));
    const files = await readdir(join(dir, 'namespaces', NAMESPACE), { recursive: true });
    if (!files.some((f) => f.endsWith('.yaml'))) throw new Error('gather wrote no objects');
  }
  const kubekit = fileURLToPath(new URL('../packages/cli/bin/kubekit.js', import.meta.url));
  const helps: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 10; i++) {
    bare.push(await spawnMs(['-e', '0']));
    helps.push(await spawnMs([kubekit, '--help']));
  }

  const ms = median(runs.map((r) => r.ms));
  const objects = runs[0]?.objects ?? 0;
  console.log(`\ngather of ${objects} objects (${runs[0]?.kinds} kinds recorded, ${templates.length} seeded), 3 runs`);
  console.log(`  median ${(ms / 1000).toFixed(2)} s = ${Math.round(objects / (ms / 1000))} objects/s`);
  console.log(`  runs: ${runs.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  peak RSS of the gather process: ${Math.max(...runs.map((r) => r.maxRssMB)).toFixed(0)} MB`);
  console.log(
    `kubekit --help: median ${median(helps).toFixed(0)} ms (node -e 0: ${median(bare).toFixed(0)} ms), 10 runs`,
  );
} finally {
  await env.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}
