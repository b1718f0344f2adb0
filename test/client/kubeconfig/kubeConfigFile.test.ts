/**
 * `readKubeConfig({ path })` reads a kubeconfig file itself, as kubectl does: relative paths are
 * the file's neighbours, and a file or entry that is wrong is a `KubeConfigError` naming the file
 * and the entry.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isKubeConfigError, LoadedKubeConfig, readKubeConfig } from '@kubekit/client';
import { formatManifests } from '@kubekit/core';
import { thrown } from '../../support/thrown.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubekit-kubeconfig-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes `config` as YAML to `name` in the temp folder; returns its path. */
async function kubeconfig(name: string, config: object): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, formatManifests([config]));
  return path;
}

const minimal = {
  clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
  users: [{ name: 'u', user: { token: 't' } }],
  contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'team-a' } }],
  'current-context': 'ctx',
};

describe('readKubeConfig({ path })', () => {
  it('gives the current context, cluster, user and namespace', async () => {
    const kc = readKubeConfig({ path: await kubeconfig('minimal', minimal) });
    expect(kc).toBeInstanceOf(LoadedKubeConfig);
    expect(kc.getCurrentContext()).toBe('ctx');
    expect(kc.getCurrentCluster()).toMatchObject({ name: 'c', server: 'https://10.0.0.1:6443' });
    expect(kc.getCurrentUser()).toMatchObject({ name: 'u', token: 't' });
    expect(kc.namespace).toBe('team-a');
    expect(kc.getContextObject('ctx')?.namespace).toBe('team-a');
  });

  it('resolves relative paths against the file’s folder; an exec command without a folder is looked up in PATH', async () => {
    const path = await kubeconfig('nested/deeper/config', {
      clusters: [{ name: 'c', cluster: { server: 'https://h', 'certificate-authority': 'pki/ca.crt' } }],
      users: [
        {
          name: 'u',
          user: { 'client-certificate': '../u.crt', 'client-key': '/abs/u.key', tokenFile: './token' },
        },
        { name: 'local-plugin', user: { exec: { command: './bin/plugin', apiVersion: 'v1' } } },
        { name: 'path-plugin', user: { exec: { command: 'gke-gcloud-auth-plugin' } } },
      ],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    });
    const folder = join(dir, 'nested', 'deeper');
    const kc = readKubeConfig({ path });
    expect(kc.getCurrentCluster()?.certificateAuthority).toBe(join(folder, 'pki', 'ca.crt'));
    expect(kc.getCurrentUser()).toMatchObject({
      clientCertificate: join(dir, 'nested', 'u.crt'),
      clientKey: '/abs/u.key',
      tokenFile: join(folder, 'token'),
    });
    expect(kc.users.get('local-plugin')?.exec).toEqual({ command: join(folder, 'bin', 'plugin'), apiVersion: 'v1' });
    expect(kc.users.get('path-plugin')?.exec?.command).toBe('gke-gcloud-auth-plugin');
  });

  it('picks the context asked for, and names one the file does not have', async () => {
    const path = await kubeconfig('two-contexts', {
      ...minimal,
      contexts: [...minimal.contexts, { name: 'other', context: { cluster: 'c' } }],
    });
    const other = readKubeConfig({ path, context: 'other' });
    expect(other.getCurrentContext()).toBe('other');
    expect(other.getCurrentUser()).toBeNull();
    expect(other.namespace).toBeUndefined();
    const err = thrown(() => readKubeConfig({ path, context: 'nope' }));
    expect(isKubeConfigError(err)).toBe(true);
    expect(err).toMatchObject({ context: 'nope', file: path });
    expect(err.message).toContain('there is no such context');
    expect(err.message).toContain('ctx, other');
  });

  it('names a missing file, with the ENOENT as cause', () => {
    const path = join(dir, 'missing');
    const err = thrown(() => readKubeConfig({ path }));
    expect(err).toMatchObject({ reason: 'KubeConfig', file: path, cause: expect.objectContaining({ code: 'ENOENT' }) });
    expect(err.message).toContain(`"${path}"`);
  });

  it('names a file that is not YAML', async () => {
    const path = join(dir, 'broken');
    await writeFile(path, 'clusters: [unclosed');
    const err = thrown(() => readKubeConfig({ path }));
    expect(err).toMatchObject({ reason: 'KubeConfig', file: path });
    expect(err.message).toContain(`the kubeconfig file "${path}" is not YAML`);
  });

  it.each([
    ['a cluster without a server', { clusters: [{ name: 'prod', cluster: {} }] }, 'cluster "prod" has no server'],
    ['a field of the wrong type', { users: [{ name: 'me', user: { token: 42 } }] }, 'user "me": token is not a string'],
    ['an entry without a name', { contexts: [{ context: { cluster: 'c' } }] }, 'contexts[0] has no name'],
    [
      'a context without a cluster',
      { contexts: [{ name: 'x', context: { user: 'u' } }] },
      'context "x" names no cluster',
    ],
    ['clusters that are not a list', { clusters: { prod: {} } }, 'clusters is not a list'],
    [
      'a CA given twice',
      {
        clusters: [
          {
            name: 'c',
            cluster: { server: 'https://h', 'certificate-authority': 'a', 'certificate-authority-data': 'Yg==' },
          },
        ],
      },
      'cluster "c" has both certificate-authority and certificate-authority-data',
    ],
    [
      'a client certificate without its key',
      { users: [{ name: 'me', user: { 'client-certificate-data': 'Yg==' } }] },
      'user "me" has a client certificate but no client-key',
    ],
    [
      'insecure-skip-tls-verify that is not a boolean',
      { clusters: [{ name: 'c', cluster: { server: 'https://h', 'insecure-skip-tls-verify': 'yes' } }] },
      'cluster "c": insecure-skip-tls-verify is not true or false',
    ],
  ])('names %s, and the file', async (_, config, problem) => {
    const path = await kubeconfig(`bad-${problem.length}`, config);
    const err = thrown(() => readKubeConfig({ path }));
    expect(err).toMatchObject({ reason: 'KubeConfig', file: path });
    expect(err.message).toContain(`in "${path}": ${problem}`);
  });

  it('an empty file is an empty kubeconfig', async () => {
    const path = join(dir, 'empty');
    await writeFile(path, '');
    const kc = readKubeConfig({ path });
    expect(kc.getCurrentContext()).toBe('');
    expect(kc.getCurrentCluster()).toBeNull();
  });
});
