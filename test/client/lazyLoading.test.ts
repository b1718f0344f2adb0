/**
 * Importing `@kubekit/client` or `@kubekit/core` does not load `yaml`; it loads when YAML is
 * parsed, and then works. Each case runs a fresh Node process that records every module it
 * resolves. (`@kubernetes/client-node` is imported statically: see packages/client/src/kubeConfig.ts.)
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The resolved URLs of the modules a fresh Node process loads to run `body`, then its output. */
function loadedBy(body: string): { loaded: string[]; output: string } {
  const script = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
const out = [];
${body}
console.log(JSON.stringify({ loaded, output: out.join(' ') }));
`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as { loaded: string[]; output: string };
}

const yamlPackage = (urls: string[]) => urls.filter((u) => /\/node_modules\/yaml\//.test(u));

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
const { mkdtempSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { tmpdir } = await import('node:os');
const { readKubeConfig } = await import('@kubekit/client');
const file = join(mkdtempSync(join(tmpdir(), 'kubekit-lazy-')), 'config');
writeFileSync(file, ${JSON.stringify(kubeconfig)});
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
