/**
 * OpenTelemetry spans on the real kube-apiserver: one span per reconcile, with the API requests
 * made inside it as children, one span per API request. The SDK's in-memory exporter collects
 * them; the context manager is the one a Node.js SDK registers (AsyncLocalStorage).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { controllerFor, Manager } from '@kubekit/manager';
import { FakeApiServer } from '@kubekit/testing';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describeReal, realServer } from '../support/realServer.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

describeReal('tracing on the real API server', () => {
  let namespace: { name: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    namespace = await realServer().namespace('tracing');
  });
  afterAll(() => namespace?.cleanup());

  it('a reconcile is a span; the API requests made in it are its children', async () => {
    const ns = namespace.name;
    const mgr = new Manager({
      kubeConfig: realServer().kubeConfig(),
      logger: silentLogger,
      cache: { namespaces: [ns] },
    });
    let reconciled = 0;
    controllerFor(mgr, builtinKinds.ConfigMap).complete(async (request, { signal }) => {
      if (request.name !== 'traced') return;
      // an uncached read and a write, both API requests
      await mgr.apiClient.get(builtinKinds.ConfigMap, request.name, { namespace: ns, signal });
      await mgr.apiClient.patch(
        builtinKinds.ConfigMap,
        request.name,
        { type: 'merge', patch: { metadata: { annotations: { seen: 'yes' } } } },
        { namespace: ns, signal },
      );
      reconciled++;
      if (reconciled === 1) throw new Error('first attempt fails', { cause: new Error('the cause') });
    });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    try {
      await mgr.elected();
      await mgr.apiClient.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'traced', namespace: ns } });
      for (let i = 0; reconciled < 2; i++) {
        if (i > 3000) throw new Error('not reconciled twice');
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      stop.abort();
      await running;
    }
    const spans = exporter.getFinishedSpans();
    const reconciles = spans.filter(
      (s) => s.name === 'reconcile configmap' && s.attributes['kubekit.name'] === 'traced',
    );
    expect(reconciles.length).toBeGreaterThanOrEqual(2);
    const [failed, succeeded] = reconciles as [ReadableSpan, ReadableSpan];
    expect(failed.attributes).toMatchObject({
      'kubekit.controller': 'configmap',
      'kubekit.kind': 'ConfigMap',
      'k8s.namespace.name': ns,
      'kubekit.name': 'traced',
      'kubekit.result': 'error',
      'error.type': 'Error',
    });
    expect(typeof failed.attributes['kubekit.reconcile_id']).toBe('string');
    expect(failed.status).toEqual({ code: 2, message: 'first attempt fails' });
    expect(failed.events.map((e) => e.name)).toEqual(['exception']);
    expect(succeeded.attributes['kubekit.result']).toBe('success');
    expect(succeeded.attributes['kubekit.reconcile_id']).not.toBe(failed.attributes['kubekit.reconcile_id']);

    const children = spans.filter((s) => s.parentSpanContext?.spanId === succeeded.spanContext().spanId);
    expect(children.map((s) => s.name)).toEqual(['get configmaps', 'patch configmaps']);
    for (const child of children) expect(child.spanContext().traceId).toBe(succeeded.spanContext().traceId);
    expect(children[0]?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'kubekit.verb': 'get',
      'kubekit.resource': 'configmaps',
      'k8s.namespace.name': ns,
      'http.response.status_code': 200,
      'kubekit.retries': 0,
    });
    expect(children[1]?.attributes).toMatchObject({ 'http.request.method': 'PATCH', 'kubekit.verb': 'patch' });
    // requests outside a reconcile (the informer's list and watch, the test's create) are roots
    const create = spans.find((s) => s.name === 'create configmaps');
    expect(create?.parentSpanContext).toBeUndefined();
    expect(create?.attributes['http.response.status_code']).toBe(201);
  });

  it('a request span records the status code and the retries of a failed request', async () => {
    exporter.reset();
    const client = new Client({ kubeConfig: realServer().kubeConfig(), maxRetries: 0 });
    try {
      await expect(client.get(builtinKinds.ConfigMap, 'missing', { namespace: namespace.name })).rejects.toThrow();
    } finally {
      client.close();
    }
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'get configmaps');
    expect(span?.attributes).toMatchObject({ 'http.response.status_code': 404, 'kubekit.retries': 0 });
    expect(span?.status.code).toBe(2);
  });
});

describe('request spans and attempts on the in-memory server (injected failures)', () => {
  it('a retried request is one span with its retry count; each attempt is reported', async () => {
    const server = await FakeApiServer.start();
    const client = new Client({ kubeConfig: server.kubeConfig, retryBaseDelayMs: 1, retryMaxDelayMs: 1 });
    try {
      await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r', namespace: 'default' } });
      const attempts: (number | undefined)[] = [];
      const off = client.onRequest((a) => attempts.push(a.code));
      exporter.reset();
      server.faults.failNext('any', { type: 'internalError' }, 2);
      await client.get(builtinKinds.ConfigMap, 'r', { namespace: 'default' });
      off();
      expect(attempts).toEqual([500, 500, 200]);
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['get configmaps']);
      expect(spans[0]?.attributes).toMatchObject({ 'http.response.status_code': 200, 'kubekit.retries': 2 });
    } finally {
      client.close();
      await server.stop();
    }
  });
});
