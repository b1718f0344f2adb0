/**
 * The default kubeconfig, found by kubectl's rules: `$KUBECONFIG`'s files merged (the first file
 * naming an entry wins, `current-context` from the first file that sets it, missing files
 * skipped), else `~/.kube/config`, else a pod's service account.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadDefaultKubeConfig } from '@kubekit/client/internal';
import { thrown } from '../../support/thrown.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubekit-kubeconfig-sources-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, config: object): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify(config));
  return path;
}

/** A folder with no service account: the process is not in a pod. */
const notInPod = () => join(dir, 'no-service-account');

describe('$KUBECONFIG', () => {
  it('merges its files: the first naming an entry wins, current-context from the first setting it, missing files skipped', async () => {
    const first = await file('first', {
      clusters: [{ name: 'shared', cluster: { server: 'https://first' } }],
      users: [{ name: 'me', user: { token: 'first-token' } }],
      contexts: [{ name: 'a', context: { cluster: 'shared', user: 'me' } }],
    });
    const second = await file('second', {
      clusters: [
        { name: 'shared', cluster: { server: 'https://second' } },
        { name: 'only-second', cluster: { server: 'https://only-second' } },
      ],
      users: [{ name: 'me', user: { token: 'second-token' } }],
      contexts: [
        { name: 'a', context: { cluster: 'only-second', user: 'me' } },
        { name: 'b', context: { cluster: 'only-second', user: 'me', namespace: 'ns-b' } },
      ],
      'current-context': 'b',
    });
    const third = await file('third', { 'current-context': 'a' });
    const missing = join(dir, 'not-there');
    const kc = loadDefaultKubeConfig({
      env: { KUBECONFIG: [missing, first, second, third].join(delimiter) },
      serviceAccountDir: notInPod(),
    });
    expect(kc.files).toEqual([first, second, third]);
    expect(kc.getCurrentContext()).toBe('b');
    expect(kc.namespace).toBe('ns-b');
    expect(kc.getCurrentCluster()?.server).toBe('https://only-second');
    expect(kc.getCurrentUser()?.token).toBe('first-token');
    expect(kc.clusters.get('shared')?.server).toBe('https://first');
    expect(kc.contexts.get('a')?.cluster).toBe('shared');
  });

  it('names the files when none of them exists and the process is not in a pod', () => {
    const a = join(dir, 'gone-a');
    const b = join(dir, 'gone-b');
    const err = thrown(() =>
      loadDefaultKubeConfig({ env: { KUBECONFIG: [a, b].join(delimiter) }, serviceAccountDir: notInPod() }),
    );
    expect(err).toMatchObject({ reason: 'KubeConfig', file: a, cause: expect.objectContaining({ code: 'ENOENT' }) });
    expect(err.message).toContain(`"${a}", "${b}" named by KUBECONFIG`);
  });

  it('names a file of the list that is not YAML', async () => {
    const good = await file('good', { 'current-context': 'x' });
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'users: {');
    const err = thrown(() =>
      loadDefaultKubeConfig({ env: { KUBECONFIG: [good, bad].join(delimiter) }, serviceAccountDir: notInPod() }),
    );
    expect(err).toMatchObject({ reason: 'KubeConfig', file: bad });
  });
});

describe('~/.kube/config', () => {
  it('is read when KUBECONFIG is not set', async () => {
    const home = join(dir, 'home');
    await file('home/.kube/config', {
      clusters: [{ name: 'c', cluster: { server: 'https://home' } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c' } }],
      'current-context': 'ctx',
    });
    const kc = loadDefaultKubeConfig({ env: { HOME: home }, serviceAccountDir: notInPod() });
    expect(kc.getCurrentCluster()?.server).toBe('https://home');
    expect(kc.files).toEqual([join(home, '.kube', 'config')]);
  });

  it('missing, outside a pod: a KubeConfigError saying where it looked', () => {
    const home = join(dir, 'empty-home');
    const err = thrown(() => loadDefaultKubeConfig({ env: { HOME: home }, serviceAccountDir: notInPod() }));
    expect(err).toMatchObject({ reason: 'KubeConfig', file: join(home, '.kube', 'config') });
    expect(err.message).toContain('KUBECONFIG is not set');
    expect(err.message).toContain('KUBERNETES_SERVICE_HOST is not set');
  });
});

describe('in a pod', () => {
  let serviceAccount: string;
  beforeAll(async () => {
    serviceAccount = join(dir, 'sa');
    await mkdir(serviceAccount, { recursive: true });
    await writeFile(join(serviceAccount, 'token'), 'sa-token\n');
    await writeFile(join(serviceAccount, 'ca.crt'), 'not read until a request');
    await writeFile(join(serviceAccount, 'namespace'), 'team-b');
  });
  const podEnv = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', HOME: '/nonexistent' };

  it('uses the service account: server from the environment, token file, CA, namespace file', () => {
    const kc = loadDefaultKubeConfig({ env: podEnv, serviceAccountDir: serviceAccount });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://10.96.0.1:443',
      certificateAuthority: join(serviceAccount, 'ca.crt'),
    });
    expect(kc.getCurrentUser()).toMatchObject({ tokenFile: join(serviceAccount, 'token') });
    expect(kc.namespace).toBe('team-b');
    expect(kc.files).toEqual([]);
  });

  it('POD_NAMESPACE names the namespace before the file; an IPv6 host is bracketed', () => {
    const kc = loadDefaultKubeConfig({
      env: { ...podEnv, KUBERNETES_SERVICE_HOST: 'fd00::1', POD_NAMESPACE: 'from-env' },
      serviceAccountDir: serviceAccount,
    });
    expect(kc.getCurrentCluster()?.server).toBe('https://[fd00::1]:443');
    expect(kc.namespace).toBe('from-env');
  });

  it('also when KUBECONFIG names only missing files (as kubectl); a kubeconfig found comes first', async () => {
    const viaMissing = loadDefaultKubeConfig({
      env: { ...podEnv, KUBECONFIG: join(dir, 'absent') },
      serviceAccountDir: serviceAccount,
    });
    expect(viaMissing.getCurrentContext()).toBe('in-cluster');
    const present = await file('pod-kubeconfig', {
      clusters: [{ name: 'c', cluster: { server: 'https://from-file' } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c' } }],
      'current-context': 'ctx',
    });
    const viaFile = loadDefaultKubeConfig({
      env: { ...podEnv, KUBECONFIG: present },
      serviceAccountDir: serviceAccount,
    });
    expect(viaFile.getCurrentCluster()?.server).toBe('https://from-file');
  });

  it('without a service account token the process is not taken for a pod', () => {
    const err = thrown(() => loadDefaultKubeConfig({ env: podEnv, serviceAccountDir: notInPod() }));
    expect(err.message).toContain('the service account token is missing');
  });
});
