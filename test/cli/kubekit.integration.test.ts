/**
 * The built `kubekit` command (packages/cli/bin/kubekit.js), spawned as a user runs it: help,
 * version, exit codes and named errors, the crd and test-server subcommands it dispatches to, and
 * `kubekit gather` against the real API server (redaction, refused lists, a quiet non-terminal).
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import {
  DEFAULT_GATHER_CONCURRENCY,
  DEFAULT_GATHER_PAGE_SIZE,
  installCrds,
  type TestNamespace,
} from '@kubekit/testing';
import { seedCluster } from '../support/clusterSeed.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KUBEKIT = join(REPO_ROOT, 'packages/cli/bin/kubekit.js');
const SECRET = 'cli-secret-Zq9-value';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kubekit args...` with stdout and stderr as pipes (not a terminal). */
function kubekit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KUBEKIT, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

it('--help lists the subcommands and exits 0; --version prints the package version', async () => {
  const help = await kubekit(['--help']);
  expect(help.code).toBe(0);
  for (const command of ['crd', 'webhook', 'gather', 'serve', 'test-server'])
    expect(help.stdout).toContain(`  ${command} `);
  const version = await kubekit(['--version']);
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
  expect(version).toEqual({ code: 0, stdout: `kubekit ${pkg.version}\n`, stderr: '' });
});

it('--help of each subcommand describes it and exits 0', async () => {
  for (const [command, text] of [
    ['gather', '--watch DURATION'],
    ['serve', '--speed F'],
    ['test-server', '--fake'],
    ['crd', 'generate'],
    ['webhook', 'generate'],
  ] as const) {
    const run = await kubekit([command, '--help']);
    expect([command, run.code]).toEqual([command, 0]);
    expect(run.stdout).toContain(text);
  }
  // the defaults gather's help states are gather()'s
  const gather = await kubekit(['gather', '--help']);
  expect(gather.stdout).toMatch(
    new RegExp(`--page-size N +objects per list request \\(default: ${DEFAULT_GATHER_PAGE_SIZE}\\)`),
  );
  expect(gather.stdout).toMatch(
    new RegExp(`--concurrency N +kinds listed at once \\(default: ${DEFAULT_GATHER_CONCURRENCY}\\)`),
  );
});

it('exits 2 on a usage error, naming what was wrong on stderr', async () => {
  const unknownCommand = await kubekit(['frobnicate']);
  expect(unknownCommand.code).toBe(2);
  expect(unknownCommand.stderr).toContain('unknown command "frobnicate"');
  const unknownOption = await kubekit(['gather', '--colour']);
  expect(unknownOption.code).toBe(2);
  expect(unknownOption.stderr).toContain("'--colour'");
  const badDuration = await kubekit(['gather', '--watch', 'soon']);
  expect(badDuration).toMatchObject({ code: 2, stdout: '' });
  expect(badDuration.stderr).toContain('--watch soon: expected a duration');
  const unsetSecret = await kubekit(['gather', '--secret', 'KUBEKIT_TEST_NOT_SET']);
  expect(unsetSecret.code).toBe(2);
  expect(unsetSecret.stderr).toContain('KUBEKIT_TEST_NOT_SET is not set');
  const noDir = await kubekit(['serve']);
  expect(noDir.code).toBe(2);
  expect(noDir.stderr).toContain('expected the recording folder DIR');
  const badSpeed = await kubekit(['serve', 'rec', '--speed', '0']);
  expect(badSpeed.code).toBe(2);
  expect(badSpeed.stderr).toContain('--speed 0');
});

it('exits 1 naming the file for a kubeconfig it cannot read, and the folder for a missing recording', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubekit-cli-'));
  try {
    const badKubeconfig = await kubekit(['gather', join(dir, 'rec'), '--kubeconfig', join(dir, 'no-such-kubeconfig')]);
    expect(badKubeconfig.code).toBe(1);
    expect(badKubeconfig.stderr).toContain(`cannot read the kubeconfig file "${join(dir, 'no-such-kubeconfig')}"`);
    expect(await readdir(dir)).toEqual([]); // nothing written
    const notRecording = await kubekit(['serve', dir]);
    expect(notRecording.code).toBe(1);
    expect(notRecording.stderr).toContain(`${dir} is not a recording`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('dispatches kubekit crd to @kubekit/crd: import writes TypeScript for a CRD file', async () => {
  const run = await kubekit(['crd', 'import', FIXTURE_CRDS]);
  // the fixture file holds two CRDs: the command asks for a folder, as `kubekit crd import` does
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('holds 2 CRDs');
});

describeReal('kubekit gather against the real API server', () => {
  let ns: TestNamespace;
  const scratch: string[] = [];
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('cli-gather');
    using client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
    await seedCluster(client, ns.name, SECRET);
  });
  afterAll(async () => {
    await ns.cleanup();
    for (const d of scratch) await rm(d, { recursive: true, force: true });
  });

  it('records the chosen kinds, redacts --secret and Secret data, and prints a summary without progress when stdout is not a terminal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-cli-'));
    scratch.push(dir);
    const run = await kubekit(
      [
        'gather',
        dir,
        '--kubeconfig',
        realServer().kubeconfigPath,
        '-n',
        ns.name,
        '-k',
        'configmaps,secrets',
        '--kind',
        'widgets.test.kubekit.dev',
        '--secret',
        'GATHER_TEST_TOKEN',
      ],
      { GATHER_TEST_TOKEN: SECRET },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^recorded 3 objects of 3 kinds into ${dir} in [\\d.]+ s\\n$`));
    expect(run.stdout).not.toContain('\x1b');
    expect(await readdir(join(dir, 'namespaces', ns.name))).toEqual(['core', 'test.kubekit.dev']);
    const text = await allText(dir);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).toContain('password: UkVEQUNURUQ='); // base64 of REDACTED
  });

  it('lists what the context may not read as refused, and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-cli-'));
    scratch.push(dir);
    const run = await kubekit([
      'gather',
      dir,
      '--kubeconfig',
      realServer().kubeconfigPath,
      '--context',
      'kubekit-restricted',
      '-k',
      'pods,customresourcedefinitions',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('refused: 1 lists\n  v1/pods: 403 ');
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as { refused: unknown[] };
    expect(manifest.refused).toEqual([expect.objectContaining({ resource: 'pods', code: 403 })]);
  });

  it('exits 1 naming the context a kubeconfig does not have', async () => {
    const run = await kubekit(['gather', 'unused', '--kubeconfig', realServer().kubeconfigPath, '--context', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nope');
    expect(run.stderr).toContain('kubekit-restricted'); // the contexts it has
  });
});
