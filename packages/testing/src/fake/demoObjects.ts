import type { FakeObject } from './engine/types.js';

/** The objects of the embedded demo cluster (`FakeApiServer.start({ seed: true })`). */
export function demoObjects(): FakeObject[] {
  const labels = { app: 'demo' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'demo-config', namespace: 'demo', labels },
      data: { greeting: 'hello' },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'demo', namespace: 'demo' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'demo', namespace: 'demo', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'demo', namespace: 'demo', labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'demo-0', namespace: 'demo', labels },
      spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: { phase: 'Running' },
    },
  ];
}
