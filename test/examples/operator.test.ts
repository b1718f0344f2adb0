/**
 * The example operator on the in-memory server, as `pnpm start` runs it: ConfigMapGenerators
 * generate ConfigMaps, Events are recorded, deletion goes through the finalizer.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { isNotFound, silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { FakeApiServer } from '@kubekit/testing';
import {
  ConfigMapGenerator,
  configMapGeneratorController,
  isConverged,
} from '../../packages/examples/src/configMapGenerator.js';

let server: FakeApiServer;
let client: Client;
let mgr: Manager;
const stop = new AbortController();
let running: Promise<void>;

beforeAll(async () => {
  server = await FakeApiServer.start({ crds: [ConfigMapGenerator.crd], seed: true });
  client = new Client({ kubeConfig: server.kubeConfig });
  mgr = new Manager({ kubeConfig: server.kubeConfig, logger: silentLogger });
  configMapGeneratorController(mgr);
  running = mgr.start(stop.signal);
});

afterAll(async () => {
  stop.abort();
  await running;
  client?.close();
  await server?.stop();
});

async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 20_000; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error('did not converge');
}

it('generates a ConfigMap, records an Event, and cleans up on deletion', async () => {
  await client.create({
    apiVersion: ConfigMapGenerator.apiVersion,
    kind: ConfigMapGenerator.kind,
    metadata: { name: 'web', namespace: 'demo' },
    spec: { data: { greeting: 'hello' } },
  });
  const read = async () => ({
    g: await client.get(ConfigMapGenerator, 'web', { namespace: 'demo' }),
    cm: await client.get(builtinKinds.ConfigMap, 'web-generated', { namespace: 'demo' }).catch(() => undefined),
  });
  const { cm } = await eventually(read, ({ g, cm }) => isConverged(g, cm));
  expect(cm?.data).toEqual({ greeting: 'hello' });
  const events = await eventually(
    () => client.list(builtinKinds.EventsV1Event, { namespace: 'demo' }),
    (l) => l.items.some((e) => e.regarding?.name === 'web'),
  );
  expect(events.items.find((e) => e.regarding?.name === 'web')).toMatchObject({ reason: 'Created', type: 'Normal' });

  await client.delete(ConfigMapGenerator, 'web', { namespace: 'demo' });
  await eventually(
    () => client.get(builtinKinds.ConfigMap, 'web-generated', { namespace: 'demo' }).then(() => false, isNotFound),
    (gone) => gone,
  );
  await eventually(
    () => client.get(ConfigMapGenerator, 'web', { namespace: 'demo' }).then(() => false, isNotFound),
    (gone) => gone,
  );
});
