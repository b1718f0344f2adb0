/**
 * Informer trouble is visible: list and watch failures, retries with their delay, relists after
 * 410 Gone and recoveries are logged with kind and namespace (failures injected by the in-memory
 * server); failures that retrying will not heal — a kubeconfig with the wrong CA, on the real
 * kube-apiserver — fail a sync at once with their cause instead of waiting for a timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InformerCache, isCacheSyncError } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { consoleLogger } from '@kubekit/core';
import { controllerFor, Manager } from '@kubekit/manager';
import { CertificateAuthority, FakeApiServer } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';
import { describeReal, realServer } from '../support/realServer.js';

/** Lets pending I/O run until `check()` holds (the informers run on real time here). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 5000) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('informer trouble in the log (in-memory server, injected failures)', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(() => server?.stop());

  it('logs failures with kind, namespace and retry delay, then the recovery; a 410 relist', async () => {
    const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
    const logger = consoleLogger({ level: 'debug', format: 'json', write: (l) => lines.push(JSON.parse(l)) });
    const client = new Client({ kubeConfig: server.kubeConfig, maxRetries: 0 });
    const cache = new InformerCache({
      client,
      logger,
      namespaces: ['default'],
      informer: { backoff: { initialMs: 1, maxMs: 5 } },
    });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      server.faults.failNext('any', { type: 'internalError', message: 'etcd is sad' }, 2);
      const lease = await cache.getInformer(builtinKinds.ConfigMap);
      await lease.waitForSync();
      await until(() => lines.some((l) => l.msg === 'list/watch recovered'));
      const failures = lines.filter((l) => l.msg === 'list/watch failed; retrying');
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({
        level: 'warn',
        kind: 'ConfigMap.v1',
        namespace: 'default',
        failures: 1,
        err: { reason: 'InternalError', message: expect.stringContaining('etcd is sad') },
      });
      expect(typeof failures[0]?.retryInMs).toBe('number');
      expect(lines.find((l) => l.msg === 'list/watch recovered')).toMatchObject({
        level: 'info',
        kind: 'ConfigMap.v1',
        namespace: 'default',
        failures: 2,
      });

      server.faults.failNext('watch', { type: 'gone' });
      server.faults.closeWatches();
      await until(() => lines.some((l) => l.msg === 'resourceVersion expired; listing again'));
      expect(lines.find((l) => l.msg === 'resourceVersion expired; listing again')).toMatchObject({
        level: 'info',
        kind: 'ConfigMap.v1',
        namespace: 'default',
      });
      await lease.release();
    } finally {
      stop.abort();
      await running;
      client.close();
    }
  });

  it('warns once when a handler falls behind, and reports its lag', async () => {
    const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
    const logger = consoleLogger({ format: 'json', write: (l) => lines.push(JSON.parse(l)) });
    const client = new Client({ kubeConfig: server.kubeConfig, qps: 0 });
    const cache = new InformerCache({ client, logger, namespaces: ['lag'], informer: { handlerLagEvents: 5 } });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lag' } }).catch(() => undefined);
      const lease = await cache.getInformer(builtinKinds.ConfigMap);
      await lease.waitForSync();
      let release!: () => void;
      const blocked = new Promise<void>((r) => {
        release = r;
      });
      lease.subscribe(() => blocked, { name: 'slow' });
      for (let i = 0; i < 8; i++) {
        await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'lag' } });
      }
      await until(() => (lease.handlerLag[0]?.pending ?? 0) >= 7);
      expect(lease.handlerLag).toEqual([{ name: 'slow', pending: 7, oldestEventAgeMs: expect.any(Number) }]);
      const warnings = lines.filter((l) => l.msg === 'informer event handler is falling behind');
      expect(warnings).toEqual([
        expect.objectContaining({ level: 'warn', kind: 'ConfigMap.v1', namespace: 'lag', handler: 'slow', pending: 5 }),
      ]);
      release();
      await until(() => lease.handlerLag[0]?.pending === 0);
      await lease.release();
    } finally {
      stop.abort();
      await running;
      client.close();
    }
  });
});

describeReal('a kubeconfig with the wrong CA (real API server)', () => {
  let otherCa: string;
  beforeAll(() => {
    otherCa = new CertificateAuthority().cert; // RSA key generation: seconds on a busy machine
  });

  /** The real server's kubeconfig, trusting another CA. */
  function wrongCa(): KubeConfig {
    const kc = realServer().kubeConfig();
    const out = new KubeConfig();
    const caData = Buffer.from(otherCa).toString('base64');
    out.loadFromOptions({
      clusters: kc.clusters.map((c) => ({ ...c, caData, caFile: undefined })),
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    });
    return out;
  }

  it('InformerCache.get fails at once with a CacheSyncError naming the certificate problem', async () => {
    const client = new Client({ kubeConfig: wrongCa() });
    const cache = new InformerCache({ client });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      const error = await cache.get(builtinKinds.ConfigMap, 'x', { namespace: 'default' }).catch((e: unknown) => e);
      expect(isCacheSyncError(error)).toBe(true);
      expect((error as Error).message).toMatch(/certificate/);
      expect((error as Error).message).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    } finally {
      stop.abort();
      await running;
      client.close();
    }
  });

  it('a manager stops with the certificate error instead of waiting 120 s for its caches', async () => {
    const lines: string[] = [];
    const mgr = new Manager({ kubeConfig: wrongCa(), logger: consoleLogger({ write: (l) => lines.push(l) }) });
    controllerFor(mgr, builtinKinds.ConfigMap).complete(() => undefined);
    const error = await mgr.start(new AbortController().signal).catch((e: unknown) => e);
    expect(isCacheSyncError(error)).toBe(true);
    expect((error as Error).message).toMatch(/TLS: the API server's certificate is not accepted/);
    expect(
      lines.some((l) => l.startsWith('WARN  list/watch failed; retrying') && l.includes('kind=ConfigMap.v1')),
    ).toBe(true);
  });
});
