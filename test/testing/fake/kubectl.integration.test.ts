/**
 * kubectl (installed on the machine) against FakeApiServer through the kubeconfig it writes: get,
 * apply (create, then configure), get -w, delete — for a built-in kind and a custom resource.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeApiServer } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../../support/paths.js';

const run = promisify(execFile);

describe('kubectl against FakeApiServer', () => {
  let server: FakeApiServer;
  let dir: string;
  const kubectl = async (...args: string[]) =>
    (await run('kubectl', args, { env: { ...process.env, KUBECONFIG: server.kubeconfigPath } })).stdout;

  beforeAll(async () => {
    server = await FakeApiServer.start({ seed: true, crds: [FIXTURE_CRDS] });
    dir = await mkdtemp(join(tmpdir(), 'kubekit-kubectl-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gets the seeded objects', async () => {
    expect(await kubectl('get', 'pods', '-A', '-o', 'name')).toBe('pod/demo-0\n');
    expect(await kubectl('get', 'deploy', 'demo', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}')).toBe('2');
  });

  it('applies a ConfigMap twice (created, then configured), and deletes it', async () => {
    const file = join(dir, 'cm.yaml');
    await writeFile(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: default}\ndata: {a: "1"}\n',
    );
    expect(await kubectl('apply', '-f', file)).toBe('configmap/app created\n');
    await writeFile(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: default}\ndata: {a: "2"}\n',
    );
    expect(await kubectl('apply', '-f', file)).toBe('configmap/app configured\n');
    expect(await kubectl('get', 'cm', 'app', '-o', 'jsonpath={.data.a}')).toBe('2');
    expect(await kubectl('delete', 'cm', 'app')).toBe('configmap "app" deleted\n');
    await expect(kubectl('get', 'cm', 'app')).rejects.toMatchObject({
      stderr: expect.stringContaining('configmaps "app" not found'),
    });
  });

  it('applies a custom resource: the server fills the CRD default', async () => {
    const file = join(dir, 'widget.yaml');
    await writeFile(
      file,
      'apiVersion: test.kubekit.dev/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: {size: 1}\n',
    );
    expect(await kubectl('apply', '-f', file)).toBe('widget.test.kubekit.dev/w created\n');
    expect(await kubectl('get', 'wd', 'w', '-o', 'jsonpath={.spec.color}')).toBe('blue');
  });

  it('get -w prints an object created while it watches', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn('kubectl', ['get', 'cm', '-w', '-o', 'name', '--watch-only'], {
        env: { ...process.env, KUBECONFIG: server.kubeconfigPath },
      });
      let out = '';
      const seen = new Promise<void>((resolve, reject) => {
        child?.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('configmap/watched')) resolve();
        });
        child?.on('exit', (code) => reject(new Error(`kubectl exited (${code}): ${out}`)));
      });
      // Create once kubectl's watch is open (the server tracks open watches).
      while (server.faults.openWatches === 0) await new Promise((r) => setTimeout(r, 20));
      const file = join(dir, 'watched.yaml');
      await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, namespace: default}\n');
      await kubectl('apply', '-f', file);
      await seen;
      expect(out).toContain('configmap/watched');
    } finally {
      child?.kill();
    }
  });
});
