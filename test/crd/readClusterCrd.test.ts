import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isCrdError, readClusterCrd } from '@kubekit/crd';
import { stringify } from 'yaml';

describe('readClusterCrd (without a server)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-kubeconfig-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const kubeconfig = async (user: Record<string, unknown>) => {
    const path = join(dir, `config-${Object.keys(user).join('-') || 'none'}`);
    await writeFile(
      path,
      stringify({
        'current-context': 'c',
        contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
        clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user }],
      }),
    );
    return path;
  };

  it('refuses users with exec plugins, pointing at kubectl instead', async () => {
    const path = await kubeconfig({ exec: { command: 'aws' } });
    const err = await readClusterCrd('x.example.com', { kubeconfig: path }).catch((e: unknown) => e);
    expect(isCrdError(err, 'ClusterError')).toBe(true);
    expect((err as Error).message).toContain(
      'uses an exec plugin or auth provider; pipe kubectl get crd x.example.com',
    );
  });

  it('names a kubeconfig it cannot read, a credentials file that is missing, and a server it cannot reach', async () => {
    const missing = await readClusterCrd('x.example.com', { kubeconfig: join(dir, 'nope') }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining(`cannot read kubeconfig ${join(dir, 'nope')}`),
    });
    const noToken = await readClusterCrd('x.example.com', {
      kubeconfig: await kubeconfig({ tokenFile: 'absent' }),
    }).catch((e: unknown) => e);
    expect(noToken).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining('cannot read the credentials'),
    });
    const down = await readClusterCrd('x.example.com', { kubeconfig: await kubeconfig({}) }).catch((e: unknown) => e);
    expect(down).toMatchObject({
      reason: 'ClusterError',
      message: expect.stringContaining('cannot reach https://127.0.0.1:1'),
    });
  });
});
