#!/usr/bin/env node
/**
 * The consumer matrix: kubekit as a user installs it. Packs every published package (`pnpm pack`,
 * from the built `dist/`), checks each tarball (README.md, LICENSE, no .tsbuildinfo), then for each
 * row of the matrix makes a fresh npm project in a temporary folder outside the monorepo, installs
 * the tarballs with the lowest or the highest versions the peer ranges allow (zod,
 * @kubernetes/client-node), type-checks a small program with `tsc --strict` and runs it: as ESM, and
 * through CommonJS `require()` on every Node given (Node 22.12+ and 24 load ES modules from
 * `require()`). The program starts a FakeApiServer, reads it through the user's own `KubeConfig`,
 * defines a custom resource with the user's own zod, and writes and reads one. Each package
 * README's example is type-checked with it.
 *
 * Usage: node scripts/consumer-matrix.mjs [--rows low,high] [--node <bin folder>]... [--keep]
 *   --rows  which rows to run: low, high, reported (default: low,high)
 *   --node  a Node bin folder to run the programs with as well (default: the node running this)
 *   --keep  keep the temporary folder (its path is printed)
 * Run `pnpm run build` first. Needs the npm registry. Exit code 1 when any row fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The packages a user installs, in dependency order. */
const PACKAGES = ['core', 'client', 'cache', 'manager', 'crd', 'testing', 'cli'];
/** The packages with an API (the CLI has none: it is run, not imported). */
const LIBRARIES = PACKAGES.filter((name) => name !== 'cli');
/**
 * The rows: the lowest and the highest versions of each peer dependency its range allows. Keep them
 * in step with the `peerDependencies` of packages/*\/package.json (the script checks that each
 * version satisfies its range).
 */
const ROWS = {
  low: { zod: '4.0.0', '@kubernetes/client-node': '1.0.0' },
  high: { zod: '4.6.7', '@kubernetes/client-node': '2.0.1' },
  // The versions of the install that failed before the peer ranges (issue 19); not run by default.
  reported: { zod: '4.6.6', '@kubernetes/client-node': '2.0.0' },
};
/** The rows CI runs. */
const DEFAULT_ROWS = ['low', 'high'];

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: DEFAULT_ROWS.join(',') },
    node: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
  },
});

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const typescript = rootPackage.devDependencies.typescript;
const typesNode = rootPackage.devDependencies['@types/node'];
const TYPES_WS = '^8.5.0';

const work = mkdtempSync(join(tmpdir(), 'kubekit-consumer-'));
const log = (line) => process.stdout.write(`[consumer-matrix] ${line}\n`);
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });

/** Packs the packages and checks what each tarball holds. */
function packAll() {
  const dest = join(work, 'tarballs');
  mkdirSync(dest);
  const tarballs = {};
  for (const name of PACKAGES) {
    run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, 'packages', name) });
    const file = readdirSync(dest).find((f) => f.startsWith(`kubekit-${name}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack of packages/${name} produced no tarball`);
    const listing = run('tar', ['-tzf', join(dest, file)]).split('\n');
    const problems = [];
    for (const required of ['package/README.md', 'package/LICENSE', 'package/package.json']) {
      if (!listing.includes(required)) problems.push(`lacks ${required.slice('package/'.length)}`);
    }
    const buildInfo = listing.filter((f) => f.endsWith('.tsbuildinfo'));
    if (buildInfo.length > 0) problems.push(`holds ${buildInfo.join(', ')}`);
    const manifest = JSON.parse(run('tar', ['-xzOf', join(dest, file), 'package/package.json']));
    for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'license']) {
      if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
    }
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`dependency ${dep} is still "${range}"`);
    }
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      for (const [row, versions] of Object.entries(ROWS)) {
        if (versions[peer] && !satisfies(versions[peer], range)) {
          problems.push(`row ${row}: ${peer}@${versions[peer]} is outside its peer range ${range}`);
        }
      }
    }
    if (problems.length > 0) throw new Error(`tarball ${file}: ${problems.join('; ')}`);
    tarballs[`@kubekit/${name}`] = join(dest, file);
    log(`packed ${file} (${listing.filter(Boolean).length} files)`);
  }
  return tarballs;
}

/** Whether `version` is in `range`: enough of semver for ranges of `^x.y.z` joined by `||`. */
function satisfies(version, range) {
  const [major, minor, patch] = version.split('.').map(Number);
  return range.split('||').some((part) => {
    const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`cannot read the range "${range}"`);
    const [lo, mi, pa] = m.slice(1).map(Number);
    if (major !== lo) return false;
    return minor > mi || (minor === mi && patch >= pa);
  });
}

/** What the consumer project's program does, as ESM (TypeScript). */
const ESM_PROGRAM = `import { Client, builtinKinds } from '@kubekit/client';
import { isNotFound } from '@kubekit/core';
import { type CustomResourceOf, defineCustomResource } from '@kubekit/crd';
import { FakeApiServer } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';

const Widget = defineCustomResource({
  group: 'consumer.kubekit.dev',
  version: 'v1',
  kind: 'Widget',
  spec: z.object({ size: z.number().int().min(1), color: z.enum(['red', 'blue']).default('red') }),
  status: z.object({ ready: z.boolean().optional() }),
});
type Widget = CustomResourceOf<typeof Widget>;

await using server = await FakeApiServer.start({ crds: [Widget.crd] });
// The user's own KubeConfig, from the user's own copy of client-node.
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(server.kubeconfigPath);
using client = new Client({ kubeConfig });

const cm = await client.create(
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'fast' } },
  { kind: builtinKinds.ConfigMap },
);
const created: string | undefined = cm.metadata?.creationTimestamp;
const w: Widget = await client.create(
  { apiVersion: Widget.apiVersion, kind: Widget.kind, metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3, color: 'blue' } },
  { kind: Widget },
);
const read = await client.get(Widget, 'w1', { namespace: 'default' });
const size: number = read.spec.size;
const missing = await client.get(builtinKinds.ConfigMap, 'nope', { namespace: 'default' }).catch((e: unknown) => e);
if (!isNotFound(missing)) throw new Error('expected NotFound');
if (size !== 3 || w.spec.color !== 'blue' || typeof created !== 'string') throw new Error('unexpected objects');
console.log('esm ok');
`;

/** The CommonJS program: require() of every package (ES modules) from a .cts file. */
const CJS_PROGRAM = `import core = require('@kubekit/core');
import client = require('@kubekit/client');
import cache = require('@kubekit/cache');
import manager = require('@kubekit/manager');
import crd = require('@kubekit/crd');
import testing = require('@kubekit/testing');

const key: string = core.keyOf('b', 'a');
const loaded = [client.Client, cache.InformerCache, manager.Manager, crd.defineCustomResource, testing.FakeApiServer];
if (key !== 'a/b' || loaded.some((x) => typeof x !== 'function')) throw new Error('require() gave the wrong modules');
console.log('cjs ok');
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'es2023',
    lib: ['es2023', 'esnext.disposable'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    rootDir: 'src',
    outDir: 'dist',
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['src'],
};

/** One row: a fresh project with these peer versions, compiled and run. */
function runRow(row, tarballs, nodes) {
  const dir = join(work, `consumer-${row}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const deps = { ...ROWS[row] };
  for (const [name, file] of Object.entries(tarballs)) deps[name] = `file:${file}`;
  const overrides = Object.fromEntries(Object.keys(tarballs).map((name) => [name, `$${name}`]));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `consumer-${row}`,
        private: true,
        type: 'module',
        dependencies: deps,
        // @types/ws: client-node's own declarations import 'ws' (through isomorphic-ws).
        devDependencies: { typescript, '@types/node': typesNode, '@types/ws': TYPES_WS },
        overrides,
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(join(dir, 'src', 'main.ts'), ESM_PROGRAM);
  writeFileSync(join(dir, 'src', 'required.cts'), CJS_PROGRAM);
  // Each package README's example is type-checked too (not run: it needs a cluster).
  for (const name of LIBRARIES) {
    const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!example) throw new Error(`packages/${name}/README.md has no TypeScript example`);
    writeFileSync(join(dir, 'src', `readme-${name}.ts`), `${example}\nexport {};\n`);
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  const installed = (name) => JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  const copies = run('npm', ['ls', '--all', '--parseable', '@kubernetes/client-node', 'zod'], { cwd: dir })
    .split('\n')
    .filter(Boolean).length;
  log(
    `${row}: installed zod ${installed('zod')}, client-node ${installed('@kubernetes/client-node')} (${copies} copies of the two)`,
  );
  if (copies !== 2) throw new Error(`${row}: expected one copy each of zod and client-node, found ${copies}`);
  run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: dir });
  log(`${row}: tsc --strict passed`);
  for (const bin of nodes) {
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const version = run('node', ['--version'], { env }).trim();
    const esm = run('node', ['dist/main.js'], { cwd: dir, env }).trim();
    const cjs = run('node', ['dist/required.cjs'], { cwd: dir, env }).trim();
    if (esm !== 'esm ok' || cjs !== 'cjs ok') throw new Error(`${row} on node ${version}: ${esm} / ${cjs}`);
    const cli = run('node', [join('node_modules', '@kubekit', 'cli', 'bin', 'kubekit.js'), '--version'], {
      cwd: dir,
      env,
    });
    if (!cli.includes(installed('@kubekit/cli')))
      throw new Error(`${row} on node ${version}: kubekit --version said ${cli}`);
    log(`${row}: runs on node ${version} (ESM import, CommonJS require, kubekit --version)`);
  }
}

let failed = false;
try {
  const tarballs = packAll();
  const nodes = [dirname(process.execPath), ...values.node];
  for (const row of values.rows.split(',')) {
    if (!ROWS[row]) throw new Error(`no row "${row}" (rows: ${Object.keys(ROWS).join(', ')})`);
    try {
      runRow(row, tarballs, nodes);
    } catch (err) {
      failed = true;
      log(`${row}: FAILED: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }
} catch (err) {
  failed = true;
  log(`FAILED: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
} finally {
  if (values.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
