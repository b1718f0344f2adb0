import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CRD_TIMEOUT_MS, DEFAULT_START_TIMEOUT_MS } from '@kubekit/testing';
import { resolveTestEnvironmentOptions } from '../../packages/testing/src/options.js';

describe('resolveTestEnvironmentOptions', () => {
  it('fills every default when nothing is set', () => {
    const o = resolveTestEnvironmentOptions({}, {});
    expect(o).toEqual({
      crds: [],
      backend: 'harness',
      assetsDir: undefined,
      harnessBinary: undefined,
      cacheDir: join(homedir(), '.cache', 'kubekit'),
      serverArgs: [],
      startTimeoutMs: DEFAULT_START_TIMEOUT_MS,
      crdTimeoutMs: DEFAULT_CRD_TIMEOUT_MS,
      verbose: false,
      signal: undefined,
    });
  });

  it('takes the kube-apiserver backend when KUBEBUILDER_ASSETS is set', () => {
    const o = resolveTestEnvironmentOptions({}, { KUBEBUILDER_ASSETS: '/opt/assets' });
    expect(o.backend).toBe('kube-apiserver');
    expect(o.assetsDir).toBe('/opt/assets');
  });

  it('prefers explicit options over the environment, and the environment over constants', () => {
    const env = {
      KUBEBUILDER_ASSETS: '/opt/assets',
      KUBEKIT_APISERVER_BINARY: '/bin/h',
      KUBEKIT_CACHE: '/c',
      XDG_CACHE_HOME: '/x',
      KUBEKIT_TEST_VERBOSE: '1',
    };
    const fromEnv = resolveTestEnvironmentOptions({}, env);
    expect(fromEnv).toMatchObject({ harnessBinary: '/bin/h', cacheDir: '/c', verbose: true });
    const explicit = resolveTestEnvironmentOptions({ backend: 'harness', cacheDir: '/mine', verbose: false }, env);
    expect(explicit).toMatchObject({ backend: 'harness', cacheDir: '/mine', verbose: false });
    expect(resolveTestEnvironmentOptions({}, { XDG_CACHE_HOME: '/x' }).cacheDir).toBe('/x/kubekit');
  });

  it('treats empty environment variables as unset', () => {
    const o = resolveTestEnvironmentOptions({}, { KUBEBUILDER_ASSETS: '', KUBEKIT_APISERVER_BINARY: '' });
    expect(o.backend).toBe('harness');
    expect(o.harnessBinary).toBeUndefined();
  });
});
