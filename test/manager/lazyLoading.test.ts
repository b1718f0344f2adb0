/**
 * What a manager loads, and when: importing `@kubekit/manager` loads neither prom-client nor
 * OpenTelemetry's API; a manager loads prom-client's metric classes, and its default collectors
 * (which load OpenTelemetry's API) only when its registry is read; an API request without a
 * registered OpenTelemetry SDK does not load the API. Each case runs a fresh Node process.
 */
import { describe, expect, it } from '@jest/globals';
import { loadedBy, modulesOf } from '../support/loadedModules.js';

/** Writes a kubeconfig and makes a Manager of it that serves no metrics (the body continues). */
const newManager = `
const { mkdtempSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { tmpdir } = await import('node:os');
const { readKubeConfig } = await import('@kubekit/client');
const { silentLogger } = await import('@kubekit/core');
const { Manager } = await import('@kubekit/manager');
const file = join(mkdtempSync(join(tmpdir(), 'kubekit-lazy-')), 'config');
writeFileSync(file, JSON.stringify({
  clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
  users: [{ name: 'u', user: { token: 't' } }],
  contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
  'current-context': 'c',
}));
const mgr = new Manager({ kubeConfig: readKubeConfig({ path: file }), logger: silentLogger });
const count = (name) => loaded.filter((u) => u.includes('/node_modules/' + name + '/')).length;
`;

describe('lazy loading of prom-client and OpenTelemetry', () => {
  it('import of @kubekit/manager loads neither', () => {
    const { loaded } = loadedBy(`await import('@kubekit/manager');`);
    expect(loaded.some((u) => u.includes('/manager/dist/index.js'))).toBe(true);
    expect(modulesOf(loaded, 'prom-client')).toEqual([]);
    expect(modulesOf(loaded, '@opentelemetry/api')).toEqual([]);
  });

  it('a manager loads the default collectors and OpenTelemetry at the first read of its registry', () => {
    const { output } = loadedBy(`${newManager}
out.push(String(count('prom-client') > 0), String(loaded.some((u) => u.includes('/prom-client/lib/defaultMetrics'))), String(count('@opentelemetry/api')));
const text = await mgr.metrics.registry.metrics();
out.push(String(text.includes('process_cpu_seconds_total')), String(count('@opentelemetry/api') > 0));
`);
    expect(output).toBe('true false 0 true true');
  });

  it('an API request without an OpenTelemetry SDK registered does not load its API', () => {
    const { output } = loadedBy(`${newManager}
const { Client, builtinKinds } = await import('@kubekit/client');
const client = new Client({ kubeConfig: readKubeConfig({ path: file }), maxRetries: 0 });
// nothing listens on port 1: the request fails, after its span would have started
const failed = await client.get(builtinKinds.ConfigMap, 'x', { namespace: 'default' }).then(() => 'answered', (e) => e.reason);
client.close();
out.push(String(failed), String(count('@opentelemetry/api')));
`);
    expect(output).toMatch(/ 0$/);
    expect(output).not.toMatch(/^answered/);
  });
});
