/**
 * The webhook server on its own (no API server): what it answers to bodies the API server would
 * never send (and keeps serving), the AdmissionReview answer it builds, TLS 1.2 as the floor,
 * certificates rotated on disk, requests in flight finished on shutdown, and its metrics.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type Logger, silentLogger } from '@kubekit/core';
import {
  Admission,
  type AdmissionRequest,
  admissionWebhook,
  conversionWebhook,
  isWebhookCertificate,
  isWebhookPath,
  ManagerMetrics,
  WebhookServer,
} from '@kubekit/manager';
import { CertificateAuthority } from '@kubekit/testing';

const ca = new CertificateAuthority();

interface Answer {
  status: number;
  body: string;
}

function post(
  port: number,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: headers[':method'] ?? 'POST',
        ca: ca.cert,
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':'))),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function review(request: Partial<AdmissionRequest> & Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u-1',
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      operation: 'CREATE',
      userInfo: { username: 'admin' },
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      ...request,
    },
  });
}

/** The serving certificate's fingerprint the server presents now. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: ca.cert }, () => {
      const fp = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      socket.end();
      resolve(fp);
    });
    socket.on('error', reject);
  });
}

describe('WebhookServer', () => {
  let dir: string;
  let stop: AbortController;
  let running: Promise<void> | undefined;
  let seen: AdmissionRequest[];
  const metrics = new ManagerMetrics();

  async function start(options: { maxRequestBytes?: number } = {}): Promise<WebhookServer> {
    const server = new WebhookServer(
      { port: 0, bindAddress: '127.0.0.1', certDir: dir, certPollIntervalMs: 50, ...options },
      { metrics },
    );
    server.register(
      '/validate',
      admissionWebhook((req) => {
        seen.push(req);
        return req.object && (req.object as { metadata: { name: string } }).metadata.name === 'bad'
          ? Admission.denied('name "bad" is reserved', { warnings: ['pick another name'] })
          : Admission.allowed();
      }),
    );
    running = server.start(stop.signal);
    await server.port;
    return server;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-webhook-test-'));
    const pair = ca.issue();
    await writeFile(join(dir, 'tls.crt'), pair.cert);
    await writeFile(join(dir, 'tls.key'), pair.key);
    stop = new AbortController();
    seen = [];
    running = undefined;
  });

  afterEach(async () => {
    stop.abort();
    await running;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers an AdmissionReview with the uid, the verdict, message and warnings', async () => {
    const server = await start();
    const port = await server.port;
    const ok = await post(port, '/validate', review({}));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-1', allowed: true },
    });
    const denied = await post(
      port,
      '/validate',
      review({ uid: 'u-2', dryRun: true, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' } } }),
    );
    expect(JSON.parse(denied.body).response).toEqual({
      uid: 'u-2',
      allowed: false,
      status: { code: 403, message: 'name "bad" is reserved' },
      warnings: ['pick another name'],
    });
    expect(seen.map((r) => r.dryRun)).toEqual([false, true]);
    expect(server.serving).toBe(true);
    expect(() => server.startedCheck()).not.toThrow();
  });

  it('refuses bodies it cannot read with 4xx and a message, and keeps serving', async () => {
    const server = await start({ maxRequestBytes: 4096 });
    const port = await server.port;
    const cases: [string | Buffer, Record<string, string>, number, RegExp][] = [
      ['{"apiVersion":', {}, 400, /request body is not JSON/],
      ['', {}, 400, /request body is empty/],
      ['[1,2]', {}, 400, /not an admission.k8s.io\/v1 AdmissionReview: the body is not an object/],
      [
        JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x' } }),
        {},
        400,
        /apiVersion admission.k8s.io\/v1beta1/,
      ],
      [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), {}, 400, /request is missing/],
      [review({ uid: '' }), {}, 400, /request.uid is missing/],
      [review({}), { 'content-type': 'text/plain' }, 415, /content type "text\/plain" not supported/],
      [Buffer.alloc(10_000, 0x20), {}, 413, /exceeds 4096 bytes/],
      ['', { ':method': 'GET' }, 405, /method GET not allowed/],
    ];
    for (const [body, headers, status, message] of cases) {
      const answer = await post(port, '/validate', body, headers);
      expect({ status: answer.status, message: JSON.parse(answer.body).message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    // a chunked body (no content-length) that grows past the limit: 413 all the same
    const chunked = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/validate',
          method: 'POST',
          ca: ca.cert,
          agent: false,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(2000, 0x20));
      req.end();
    });
    expect({ status: chunked.status, message: JSON.parse(chunked.body).message }).toEqual({
      status: 413,
      message: 'request body exceeds 4096 bytes',
    });
    const unknown = await post(port, '/nowhere', review({}));
    expect(unknown.status).toBe(404);
    expect(seen).toHaveLength(0);
    expect((await post(port, '/validate', review({}))).status).toBe(200);
    const text = await metrics.registry.getSingleMetricAsString('controller_runtime_webhook_requests_total');
    expect(text).toMatch(/controller_runtime_webhook_requests_total\{webhook="\/validate",code="413"\} [1-9]/);
    expect(text).toMatch(/controller_runtime_webhook_requests_total\{webhook="\/validate",code="200"\} [1-9]/);
  });

  it('answers ConversionReviews, refusing bodies that are not one with 400', async () => {
    const server = new WebhookServer({ port: 0, bindAddress: '127.0.0.1', certDir: dir });
    server.register(
      '/convert',
      conversionWebhook({
        group: 'example.com',
        kind: 'Thing',
        convert: (o, to) => {
          if (o.metadata?.name === 'bad') throw new Error('bad cannot be converted');
          return { ...o, apiVersion: to };
        },
      }),
    );
    running = server.start(stop.signal);
    const port = await server.port;
    const convert = (objects: unknown[]) =>
      post(
        port,
        '/convert',
        JSON.stringify({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'ConversionReview',
          request: { uid: 'c-1', desiredAPIVersion: 'example.com/v2', objects },
        }),
      );
    const thing = (name: string) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name } });
    const ok = await convert([thing('a')]);
    expect(JSON.parse(ok.body).response).toEqual({
      uid: 'c-1',
      convertedObjects: [{ ...thing('a'), apiVersion: 'example.com/v2' }],
      result: { status: 'Success' },
    });
    const failed = await convert([thing('a'), thing('bad')]);
    expect(JSON.parse(failed.body).response).toEqual({
      uid: 'c-1',
      convertedObjects: [],
      result: { status: 'Failure', message: 'bad cannot be converted' },
    });
    const other = await convert([{ apiVersion: 'other.com/v1', kind: 'Thing', metadata: { name: 'x' } }]);
    expect(JSON.parse(other.body).response.result).toEqual({
      status: 'Failure',
      message: 'no converter for Thing of group other.com',
    });
    const bad = await post(
      port,
      '/convert',
      JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: { uid: 'u' } }),
    );
    expect({ status: bad.status, message: JSON.parse(bad.body).message }).toEqual({
      status: 400,
      message: 'not an apiextensions.k8s.io/v1 ConversionReview: request.desiredAPIVersion is missing',
    });
  });

  it('refuses TLS below 1.2', async () => {
    const server = await start();
    const port = await server.port;
    await expect(
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, ca: ca.cert, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => {
          s.end();
          resolve('connected');
        });
        s.on('error', reject);
      }),
    ).rejects.toThrow();
  });

  it('serves a certificate rotated on disk without a restart', async () => {
    const server = await start();
    const port = await server.port;
    const before = await servedFingerprint(port);
    const next = ca.issue();
    await writeFile(join(dir, 'tls.key'), next.key);
    await writeFile(join(dir, 'tls.crt'), next.cert);
    const expected = new X509Certificate(next.cert).fingerprint256;
    expect(expected).not.toBe(before);
    let served = before;
    while (served !== expected) served = await servedFingerprint(port);
    expect((await post(port, '/validate', review({}))).status).toBe(200);
  });

  it('keeps the previous certificate when the new files do not form a pair', async () => {
    const refused: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      error: (fields: object | string) => {
        if (typeof fields === 'object' && 'err' in fields) refused.push(String((fields.err as Error).message));
      },
      child: () => logger,
    };
    const server = new WebhookServer(
      { port: 0, bindAddress: '127.0.0.1', certDir: dir, certPollIntervalMs: 20 },
      { logger },
    );
    server.register(
      '/validate',
      admissionWebhook(() => Admission.allowed()),
    );
    running = server.start(stop.signal);
    const port = await server.port;
    const before = await servedFingerprint(port);
    // the certificate of another pair next to the served key: OpenSSL alone would take it keyless
    await writeFile(join(dir, 'tls.crt'), ca.issue().cert);
    while (!refused.some((m) => m.includes('the key is not the key of the certificate'))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await servedFingerprint(port)).toBe(before);
    expect((await post(port, '/validate', review({}))).status).toBe(200);
    const next = ca.issue();
    await writeFile(join(dir, 'tls.key'), next.key);
    await writeFile(join(dir, 'tls.crt'), next.cert);
    const expected = new X509Certificate(next.cert).fingerprint256;
    let served = before;
    while (served !== expected) served = await servedFingerprint(port);
  });

  it('fails to start without a certificate, naming the files', async () => {
    await rm(join(dir, 'tls.key'));
    const server = new WebhookServer({ port: 0, bindAddress: '127.0.0.1', certDir: dir });
    const error = await server.start(stop.signal).catch((e: unknown) => e);
    expect(isWebhookCertificate(error)).toBe(true);
    expect((error as Error).message).toContain(join(dir, 'tls.key'));
    await expect(server.port).rejects.toBe(error);
    expect(() => server.startedCheck()).toThrow('not serving');
  });

  it('refuses a second webhook on one path and paths that are not absolute', () => {
    const server = new WebhookServer({ certDir: dir });
    const hook = admissionWebhook(() => Admission.allowed());
    server.register('/a', hook);
    expect(() => server.register('/a', hook)).toThrow(expect.objectContaining({ reason: 'WebhookPath' }));
    let error: unknown;
    try {
      server.register('a', hook);
    } catch (e) {
      error = e;
    }
    expect(isWebhookPath(error)).toBe(true);
  });

  it('finishes the requests in flight before it stops', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const server = new WebhookServer({ port: 0, bindAddress: '127.0.0.1', certDir: dir });
    server.register(
      '/slow',
      admissionWebhook(async () => {
        entered();
        await gate;
        return Admission.allowed();
      }),
    );
    let stopped = false;
    running = server.start(stop.signal).then(() => {
      stopped = true;
    });
    const port = await server.port;
    const answer = post(port, '/slow', review({}));
    await inHandler;
    stop.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect(server.serving).toBe(false);
    release();
    expect((await answer).status).toBe(200);
    await running;
    expect(stopped).toBe(true);
  });
});
