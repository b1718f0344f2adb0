/**
 * An informer on a real `Client` whose first sync is cut below the HTTP layer (the connection dies
 * after the response headers, as when the API server restarts): it retries and syncs, instead of
 * failing `waitForSync` with a `CacheSyncError`.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { clientListerWatcher, type InformerStatusEvent, SharedInformer } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { ScriptedServer, type SeenRequest } from '../support/scriptedServer.js';

const cm = (name: string) => ({ metadata: { name, namespace: 'ns', resourceVersion: '5' }, data: {} });
const event = (type: string, object: object) => `${JSON.stringify({ type, object })}\n`;
const added = (name: string) => event('ADDED', { apiVersion: 'v1', kind: 'ConfigMap', ...cm(name) });
const initialEventsEnd = event('BOOKMARK', {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { resourceVersion: '5', annotations: { 'k8s.io/initial-events-end': 'true' } },
});

/** Sends the headers and `body`, then destroys the connection. */
function cut(res: ServerResponse, body: string): 'hang' {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(body);
  setTimeout(() => res.socket?.destroy(), 10);
  return 'hang';
}

describe('an informer whose first sync is cut after the response headers', () => {
  let server: ScriptedServer;
  let client: Client;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    server = await ScriptedServer.start(() => 'hang');
    client = new Client({ kubeConfig: server.kubeConfig(), qps: 0, maxRetries: 0 });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    client.close();
    await server.stop();
  });

  function start(streamingList: boolean) {
    const informer = new SharedInformer(clientListerWatcher(client, builtinKinds.ConfigMap), {
      name: 'configmaps',
      streamingList,
      backoff: { initialMs: 1, maxMs: 5 },
    });
    const errors: unknown[] = [];
    informer.onStatus((e: InformerStatusEvent) => {
      if (e.type === 'error') errors.push(e.error);
    });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    stops.push(async () => {
      stop.abort();
      await running;
    });
    return { informer, errors };
  }

  it('retries a streaming list cut in the middle, and syncs', async () => {
    let streams = 0;
    server.handler = (req: SeenRequest, res) => {
      if (!req.url.includes('sendInitialEvents=true')) return 'hang';
      if (++streams === 1) return cut(res, added('a') + added('b'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(added('a') + added('b') + added('c') + initialEventsEnd);
      return 'hang';
    };
    const { informer, errors } = start(true);
    await informer.waitForSync();
    expect(informer.store.list().map((o) => o.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(errors).toEqual([expect.objectContaining({ reason: 'Transport', retryable: true })]);
    expect(streams).toBe(2);
  });

  it('retries a paged list cut in the middle, and syncs', async () => {
    let lists = 0;
    const list = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '5' }, items: [cm('a')] };
    server.handler = (req: SeenRequest, res) => {
      if (req.url.includes('watch=true')) return 'hang';
      if (++lists === 1) return cut(res, JSON.stringify(list).slice(0, 30));
      return { status: 200, body: list };
    };
    const { informer, errors } = start(false);
    await informer.waitForSync();
    expect(informer.store.list().map((o) => o.metadata?.name)).toEqual(['a']);
    expect(errors).toEqual([expect.objectContaining({ reason: 'Transport', retryable: true })]);
  });
});
