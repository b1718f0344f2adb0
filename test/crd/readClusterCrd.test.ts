import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isKubeConfigError } from '@kubekit/client';
import { isCrdError, readClusterCrd } from '@kubekit/crd';
import { FakeApiServer } from '@kubekit/testing';
import { stringify } from 'yaml';
import { Gizmo } from '../support/crdResources.js';

describe('readClusterCrd (without a real server)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-kubeconfig-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const kubeconfig = async (user: Record<string, unknown>, server = 'https://127.0.0.1:1') => {
    const path = join(dir, `config-${Object.keys(user).join('-') || 'none'}`);
    await writeFile(
      path,
      stringify({
        'current-context': 'c',
        contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
        clusters: [{ name: 'k', cluster: { server } }],
        users: [{ name: 'u', user }],
      }),
    );
    return path;
  };

  it('runs a user exec plugin, as EKS and GKE kubeconfigs have, and names one that cannot be started', async () => {
    const path = await kubeconfig({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: 'kubekit-no-such-plugin',
        interactiveMode: 'Never',
      },
    });
    const err = await readClusterCrd('x.example.com', { kubeconfig: path }).catch((e: unknown) => e);
    expect(isCrdError(err, 'ClusterError')).toBe(true);
    expect((err as Error).message).toContain('the exec credential plugin "kubekit-no-such-plugin" cannot be started');
    expect(isKubeConfigError((err as Error).cause)).toBe(true);
  });

  it('names a kubeconfig it cannot read, a context it lacks, a credentials file that is missing, and a server it cannot reach', async () => {
    const nope = join(dir, 'nope');
    const missing = await readClusterCrd('x.example.com', { kubeconfig: nope }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining(`cannot read the kubeconfig file "${nope}"`),
    });
    const noContext = await readClusterCrd('x.example.com', {
      kubeconfig: await kubeconfig({}),
      context: 'elsewhere',
    }).catch((e: unknown) => e);
    expect(noContext).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining('(context "elsewhere"): there is no such context'),
    });
    const noCert = await readClusterCrd('x.example.com', {
      kubeconfig: await kubeconfig({ 'client-certificate': 'absent.crt', 'client-key': 'absent.key' }),
    }).catch((e: unknown) => e);
    expect(noCert).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining(`cannot read the file "${join(dir, 'absent.crt')}"`),
    });
    const down = await readClusterCrd('x.example.com', { kubeconfig: await kubeconfig({}) }).catch((e: unknown) => e);
    expect(down).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining('cannot reach https://127.0.0.1:1'),
    });
  });

  it('reads from an http:// server (an in-memory API server without TLS)', async () => {
    await using server = await FakeApiServer.start({ crds: [Gizmo.crd], tls: false });
    const crd = await readClusterCrd(Gizmo.crd.metadata.name, { kubeconfig: server.kubeconfigPath });
    expect(server.url).toMatch(/^http:\/\//);
    expect(crd.spec.names.kind).toBe('Gizmo');
    const restricted = await readClusterCrd(Gizmo.crd.metadata.name, {
      kubeconfig: server.kubeconfigPath,
      context: 'kubekit-restricted',
    });
    expect(restricted.metadata.name).toBe(Gizmo.crd.metadata.name);
  });
});
