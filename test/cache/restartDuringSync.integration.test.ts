/**
 * An API server restart in the middle of an informer's first sync (a rolling upgrade right after
 * the operator started). The server ends the list stream as it shuts down (cleanly, or the
 * connection is cut: a retryable `TransportError`), and the informer fills its store again once the
 * server is back. On a private server, since it is restarted.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { clientListerWatcher, type ListerWatcher, SharedInformer } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { isRetryable } from '@kubekit/core';
import { TestEnvironment } from '@kubekit/testing';
import { describeReal } from '../support/realServer.js';

const { ConfigMap, Namespace } = builtinKinds;
const NS = 'restart-sync';
/** More data than socket buffers hold (~16 MB), so the server is still sending when it stops. */
const COUNT = 4000;
const DATA_BYTES = 4096;

/**
 * A ListerWatcher that, at the first object of the first sync (first page, or first event of a
 * streaming list), stops reading and runs `meanwhile` before it reads on.
 */
function pausedAtFirstObject(inner: ListerWatcher, meanwhile: () => Promise<void>) {
  const calls = { lists: 0, streams: 0, paused: false };
  const pause = async () => {
    if (calls.paused) return;
    calls.paused = true;
    await meanwhile();
  };
  const lw: ListerWatcher = {
    listPages: (o) =>
      (async function* () {
        calls.lists++;
        for await (const page of inner.listPages(o)) {
          yield page;
          if (page.items.length > 0) await pause();
        }
      })(),
    watch: (o) =>
      (async function* () {
        if (o.sendInitialEvents) calls.streams++;
        for await (const event of inner.watch(o)) {
          yield event;
          if (o.sendInitialEvents && event.type === 'ADDED') await pause();
        }
      })(),
  };
  return { lw, calls };
}

describeReal('an informer through an API server restart during its first sync', () => {
  let env: TestEnvironment;
  let client: Client;
  beforeAll(async () => {
    env = await TestEnvironment.start();
    client = new Client({ kubeConfig: env.kubeConfig, qps: 0, compression: false });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    const c = client.inNamespace(NS);
    const creates: Promise<unknown>[] = [];
    for (let i = 0; i < COUNT; i++) {
      // random data: the list cannot shrink below the socket buffers
      const data = { blob: randomBytes(DATA_BYTES * 0.75).toString('base64') };
      creates.push(c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data }));
      if (creates.length === 50) await Promise.all(creates.splice(0));
    }
    await Promise.all(creates);
  });
  afterAll(async () => {
    await client?.delete(Namespace, NS).catch(() => undefined);
    client?.close();
    await env?.stop();
  });

  it('syncs every object, and keeps to retryable errors, when the server restarts in the middle of the list', async () => {
    const { lw, calls } = pausedAtFirstObject(clientListerWatcher(client, ConfigMap, { namespace: NS }), () =>
      env.restart(),
    );
    const informer = new SharedInformer(lw, { name: 'configmaps', backoff: { initialMs: 50, maxMs: 1_000 } });
    const errors: unknown[] = [];
    informer.onStatus((e) => {
      if (e.type === 'error') errors.push(e.error);
    });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    try {
      await informer.waitForSync();
      expect(calls.paused).toBe(true);
      expect(informer.store.size).toBe(COUNT);
      // the first fill was cut short, and the informer filled the store again
      expect(calls.lists + calls.streams).toBeGreaterThan(1);
      expect(errors.every(isRetryable)).toBe(true);
    } finally {
      stop.abort();
      await running;
    }
  });
});
