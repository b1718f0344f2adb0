/**
 * Importing `@kubekit/client` or `@kubekit/core` does not load `yaml`; it loads when YAML is
 * parsed, and then works. Importing `@kubekit/client`, `@kubekit/cache` or `@kubekit/manager`
 * does not load `@kubernetes/client-node` (~1 s and ~90 MB), nor does reading a kubeconfig and
 * applying its token; the first request of an exec plugin user imports it. Each case runs a fresh
 * Node process that records every module it resolves.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadedBy, modulesOf } from '../support/loadedModules.js';

/** A kubeconfig file holding `text`, in a fresh temporary folder. */
function kubeconfigFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kubekit-lazy-')), 'config');
  writeFileSync(file, text);
  return file;
}

const yamlPackage = (urls: string[]) => modulesOf(urls, 'yaml');

describe('lazy loading of yaml', () => {
  it('import of @kubekit/client does not load yaml', () => {
    const { loaded } = loadedBy(`await import('@kubekit/client');`);
    expect(loaded.some((u) => u.includes('/client/dist/index.js'))).toBe(true);
    expect(yamlPackage(loaded)).toEqual([]);
  });

  it('reading a kubeconfig file works without yaml loaded at import', () => {
    const kubeconfig = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'team-a' } }],
      'current-context': 'ctx',
    });
    const { output } = loadedBy(`
const { readKubeConfig } = await import('@kubekit/client');
const file = ${JSON.stringify(kubeconfigFile(kubeconfig))};
const kc = readKubeConfig({ path: file });
out.push(kc.getCurrentCluster().server, kc.getContextObject(kc.getCurrentContext()).namespace);
`);
    expect(output).toBe('https://10.0.0.1:6443 team-a');
  });

  it('parsing YAML with @kubekit/core loads yaml, and parses', () => {
    const { loaded, output } = loadedBy(`
const { parseManifests } = await import('@kubekit/core');
const before = loaded.filter((u) => /\\/node_modules\\/yaml\\//.test(u)).length;
const [cm] = parseManifests('kind: ConfigMap\\nmetadata:\\n  name: a\\n');
out.push(String(before), cm.metadata.name);
`);
    expect(output).toBe('0 a');
    expect(yamlPackage(loaded).length).toBeGreaterThan(0);
  });
});

const clientNode = (urls: string[]) => modulesOf(urls, '@kubernetes/client-node');

describe('lazy loading of @kubernetes/client-node', () => {
  it.each(['@kubekit/client', '@kubekit/cache', '@kubekit/manager'])('import of %s does not load it', (entry) => {
    const { loaded } = loadedBy(`await import('${entry}');`);
    expect(loaded.some((u) => u.includes('/dist/index.js'))).toBe(true);
    expect(clientNode(loaded)).toEqual([]);
  });

  it('a token user’s credentials do not load it; an exec plugin user’s first credentials do', () => {
    const kubeconfig = JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
      users: [
        { name: 'token', user: { token: 't' } },
        {
          name: 'exec',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: process.execPath,
              args: [
                '-e',
                'console.log(JSON.stringify({apiVersion:"client.authentication.k8s.io/v1",kind:"ExecCredential",status:{token:"from-plugin"}}))',
              ],
            },
          },
        },
      ],
      contexts: [
        { name: 'token', context: { cluster: 'c', user: 'token' } },
        { name: 'exec', context: { cluster: 'c', user: 'exec' } },
      ],
      'current-context': 'token',
    });
    const { output } = loadedBy(`
const { readKubeConfig } = await import('@kubekit/client');
const file = ${JSON.stringify(kubeconfigFile(kubeconfig))};
const count = () => loaded.filter((u) => u.includes('/@kubernetes/client-node/')).length;
const kc = readKubeConfig({ path: file });
const tokenOptions = {};
await kc.applyToHTTPSOptions(tokenOptions);
out.push(tokenOptions.headers.authorization, String(count()));
const execOptions = {};
await kc.withContext('exec').applyToHTTPSOptions(execOptions);
out.push(execOptions.headers.Authorization, String(count() > 0));
`);
    expect(output).toBe('Bearer t 0 Bearer from-plugin true');
  });
});
