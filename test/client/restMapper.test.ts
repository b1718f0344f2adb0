import { afterEach, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client, type ClientOptions } from '@kubekit/client';
import { type DiscoveryScript, discoveryServer, type ServedGroupVersion } from '../support/discoveryServer.js';
import { type ScriptedServer, status } from '../support/scriptedServer.js';

const core: ServedGroupVersion = {
  group: '',
  version: 'v1',
  resources: [{ name: 'pods', kind: 'Pod', namespaced: true }],
};
const widgets: ServedGroupVersion = {
  group: 'g.io',
  version: 'v1',
  resources: [
    {
      name: 'widgets',
      kind: 'Widget',
      namespaced: true,
      verbs: ['get', 'list', 'watch'],
      subresources: ['status', 'scale'],
    },
    { name: 'gizmos', kind: 'Gizmo', namespaced: false, verbs: ['get'] },
  ],
};
const Widget = { apiVersion: 'g.io/v1', kind: 'Widget' };

describe('RestMapper', () => {
  let server: ScriptedServer | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    client?.close();
    await server?.stop();
  });

  /** A client of a discovery server; misses refresh at once unless the options say otherwise. */
  async function start(script: DiscoveryScript, options: ClientOptions = {}) {
    server = await discoveryServer(script);
    client = new Client({
      kubeConfig: server.kubeConfig(),
      discoveryMinRefreshIntervalMs: 0,
      maxRetries: 0,
      ...options,
    });
    const paths = () => (server as ScriptedServer).seen.map((r) => r.url);
    return { mapper: client.restMapper, paths };
  }

  it('maps a kind through discovery, with subresources and verbs', async () => {
    const { mapper, paths } = await start({ served: [core, widgets] }, { kinds: [] });
    expect(await mapper.mapping(Widget)).toEqual({
      group: 'g.io',
      version: 'v1',
      kind: 'Widget',
      resource: 'widgets',
      scope: 'Namespaced',
      subresources: ['status', 'scale'],
      verbs: ['get', 'list', 'watch'],
    });
    expect((await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Gizmo' })).scope).toBe('Cluster');
    expect((await mapper.mapping({ apiVersion: 'v1', kind: 'Pod' })).resource).toBe('pods');
    expect(paths().sort()).toEqual(['/api', '/apis']); // one read of discovery serves every kind
  });

  it('maps declared descriptors, and bare references to registered ones, without a request', async () => {
    const { mapper, paths } = await start({ served: [core] }, { kinds: [builtinKinds.ConfigMap] });
    expect(await mapper.mapping(builtinKinds.Deployment)).toMatchObject({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      scope: 'Namespaced',
      verbs: undefined,
    });
    expect((await mapper.mapping({ apiVersion: 'v1', kind: 'ConfigMap' })).resource).toBe('configmaps');
    expect(paths()).toEqual([]);
    await expect(mapper.mapping({ apiVersion: 'v1', kind: 'Secret' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
    });
  });

  it('refreshes discovery on a miss, so kinds added later are found', async () => {
    const script: DiscoveryScript = { served: [core, widgets] };
    const { mapper, paths } = await start(script);
    await mapper.mapping(Widget);
    script.served = [core, { ...widgets, resources: [{ name: 'sprockets', kind: 'Sprocket', namespaced: true }] }];
    expect((await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Sprocket' })).resource).toBe('sprockets');
    expect(paths()).toHaveLength(4);
  });

  it('throws NoKindMatch for an unserved group-version or kind, after one refresh', async () => {
    const { mapper, paths } = await start({ served: [core, widgets] });
    await mapper.mapping(Widget);
    await expect(mapper.mapping({ apiVersion: 'other.io/v1', kind: 'X' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
      apiVersion: 'other.io/v1',
      kind: 'X',
      retryable: false,
    });
    expect(paths()).toHaveLength(4);
  });

  it('shares one read of discovery between concurrent lookups', async () => {
    const { mapper, paths } = await start({ served: [core, widgets] });
    await Promise.all([
      mapper.mapping(Widget),
      mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Gizmo' }),
      mapper.mapping(Widget),
    ]);
    expect(paths()).toHaveLength(2);
  });

  it('throws the error of a group-version that failed discovery, and reads it again on the next lookup', async () => {
    const script: DiscoveryScript = {
      served: [core, widgets],
      aggregated: false,
      answers: {
        '/apis/g.io/v1': status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'),
      },
    };
    const { mapper } = await start(script);
    await expect(mapper.mapping(Widget)).rejects.toMatchObject({ reason: 'ServiceUnavailable', retryable: true });
    expect((await mapper.mapping({ apiVersion: 'v1', kind: 'Pod' })).resource).toBe('pods');
    script.answers = {};
    expect((await mapper.mapping(Widget)).resource).toBe('widgets');
  });

  it('peeks at what discovery holds without asking', async () => {
    const { mapper, paths } = await start({ served: [core, widgets] });
    expect(mapper.peek(Widget)).toBeUndefined();
    expect(mapper.peek(builtinKinds.Deployment)?.resource).toBe('deployments');
    await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Gizmo' });
    expect(mapper.peek(Widget)?.resource).toBe('widgets');
    expect(mapper.peek(Widget)).toBe(mapper.peek(Widget)); // made once per discovered resource
    expect(paths()).toHaveLength(2);
  });
});
