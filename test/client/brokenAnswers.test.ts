/**
 * Answers that break after the status line: a connection cut after the headers or inside the body
 * (a restarting API server, a dropped proxy connection), and 2xx bodies that are not JSON (a proxy's
 * HTML page). The first are retryable `TransportError`s, the second `InvalidResponseError`s.
 */
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  builtinKinds,
  Client,
  type ClientOptions,
  InvalidResponseError,
  isInvalidResponse,
  isTransportError,
} from '@kubekit/client';
import { isRetryable, type WatchEvent } from '@kubekit/core';
import { InstantClock } from '../support/fakeClock.js';
import { ScriptedServer } from '../support/scriptedServer.js';

const { Pod } = builtinKinds;
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', resourceVersion: '3' } };
const podList = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '3' }, items: [pod] };

/** Sends the headers (and `body`, if any), then destroys the socket: the answer is cut. */
function cutAfter(res: ServerResponse, body?: string | Buffer, headers: Record<string, string> = {}): 'hang' {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  if (body === undefined) res.flushHeaders();
  else res.write(body);
  setTimeout(() => res.socket?.destroy(), 10);
  return 'hang';
}

/** Answers 200 with `body` as is, with the given content type. */
function answer(res: ServerResponse, contentType: string, body: string): 'hang' {
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
  return 'hang';
}

async function collect<T>(events: AsyncIterable<T>): Promise<{ seen: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const e of events) seen.push(e);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('answers broken below the HTTP layer or undecodable', () => {
  let server: ScriptedServer;
  let clock: InstantClock;
  let client: Client;
  const make = (options: ClientOptions = {}) =>
    new Client({ kubeConfig: server.kubeConfig(), clock, qps: 0, requestTimeoutMs: 0, ...options });

  beforeEach(async () => {
    server = await ScriptedServer.start(() => ({ status: 200, body: pod }));
    clock = new InstantClock();
    client = make();
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  describe('a connection cut after the response headers is a retryable TransportError', () => {
    it('get: retried, and a TransportError keeping the cause when every attempt is cut', async () => {
      server.handler = (_req, res) => cutAfter(res);
      const err = await client.get(Pod, 'p', { namespace: 'ns' }).catch((e: unknown) => e);
      expect(isTransportError(err)).toBe(true);
      expect(err).toMatchObject({ reason: 'Transport', retryable: true, cause: { message: 'aborted' } });
      expect(String(err)).toContain('GET /api/v1/namespaces/ns/pods/p');
      expect(server.seen).toHaveLength(4);

      let n = 0;
      server.handler = (_req, res) =>
        ++n === 1 ? cutAfter(res, '{"kind":"Po') : answer(res, 'application/json', JSON.stringify(pod));
      expect(await client.get(Pod, 'p', { namespace: 'ns' })).toEqual(pod);
    });

    it('list: a body cut in the middle (plain or gzip) is a TransportError', async () => {
      const c = make({ maxRetries: 0 });
      try {
        server.handler = (_req, res) => cutAfter(res, JSON.stringify(podList).slice(0, 40));
        const plain = await c.list(Pod, { namespace: 'ns' }).catch((e: unknown) => e);
        expect(plain).toMatchObject({ reason: 'Transport', retryable: true });

        const zipped = gzipSync(JSON.stringify(podList));
        server.handler = (_req, res) => cutAfter(res, zipped.subarray(0, 20), { 'content-encoding': 'gzip' });
        const gzip = await c.list(Pod, { namespace: 'ns' }).catch((e: unknown) => e);
        expect(gzip).toMatchObject({ reason: 'Transport', retryable: true });
      } finally {
        c.close();
      }
    });

    it('watch: events before the cut are delivered, then a TransportError', async () => {
      const line = `${JSON.stringify({ type: 'ADDED', object: pod })}\n`;
      server.handler = (_req, res) => cutAfter(res, `${line}{"type":"MODIFIED","obj`);
      const { seen, error } = await collect(client.watch(Pod, { namespace: 'ns' }));
      expect(seen.map((e: WatchEvent) => e.type)).toEqual(['ADDED']);
      expect(isTransportError(error)).toBe(true);
      expect(isRetryable(error)).toBe(true);
      expect((error as Error).cause).toMatchObject({ message: 'aborted' });

      server.handler = (_req, res) => cutAfter(res, gzipSync(line), { 'content-encoding': 'gzip' });
      const gzip = await collect(client.watch(Pod, { namespace: 'ns' }));
      expect(gzip.error).toMatchObject({ reason: 'Transport', retryable: true });
    });

    it('watch: a stream that ends inside an event (truncated last line) is a TransportError', async () => {
      server.handler = (_req, res) => {
        // a close-delimited body: the end of the connection is the end of the body
        res.socket?.end(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n' +
            `${JSON.stringify({ type: 'ADDED', object: pod })}\n{"type":"MODIFIED","object":{"kind":"Po`,
        );
        return 'hang';
      };
      const { seen, error } = await collect(client.watch(Pod, { namespace: 'ns' }));
      expect(seen).toHaveLength(1);
      expect(error).toMatchObject({ reason: 'Transport', retryable: true });
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
      expect(String(error)).toContain('GET /api/v1/namespaces/ns/pods');
    });
  });

  describe('a 2xx body that is not a JSON object is an InvalidResponseError', () => {
    it('get: an HTML page names the content type and its first bytes, and is not retried', async () => {
      const page = `<html><head><title>Sign in</title></head><body>${'x'.repeat(5000)}</body></html>`;
      server.handler = (_req, res) => answer(res, 'text/html; charset=utf-8', page);
      const err = await client.get(Pod, 'p', { namespace: 'ns' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect(isInvalidResponse(err)).toBe(true);
      expect(err).toMatchObject({
        reason: 'InvalidResponse',
        retryable: false,
        contentType: 'text/html; charset=utf-8',
        bodyStart: expect.stringMatching(/^<html><head><title>Sign in/),
      });
      const e = err as InvalidResponseError;
      expect(e.bodyStart.length).toBeLessThan(300);
      expect(e.message).toContain('text/html');
      expect(e.message).toContain('<html><head>');
      expect(e.message).toContain('GET /api/v1/namespaces/ns/pods/p');
      expect(e.message.length).toBeLessThan(600);
      expect(server.seen).toHaveLength(1);
    });

    it('get: an empty body is an InvalidResponseError, not undefined', async () => {
      server.handler = (_req, res) => answer(res, 'application/json', '');
      await expect(client.get(Pod, 'p', { namespace: 'ns' })).rejects.toMatchObject({
        reason: 'InvalidResponse',
        bodyStart: '',
      });
    });

    it('list: garbage (not JSON, or JSON that is not an object) is an InvalidResponseError', async () => {
      server.handler = (_req, res) => answer(res, 'text/plain', 'upstream connect error');
      await expect(client.list(Pod)).rejects.toMatchObject({ reason: 'InvalidResponse', contentType: 'text/plain' });
      server.handler = (_req, res) => answer(res, 'application/json', 'null');
      await expect(client.list(Pod)).rejects.toMatchObject({ reason: 'InvalidResponse', bodyStart: 'null' });
    });

    it('a subresource that answers text (a Pod log) resolves to the text; a JSON one to the object', async () => {
      server.handler = (req, res) =>
        req.url.endsWith('/log')
          ? answer(res, 'text/plain; charset=utf-8', 'line 1\nline 2\n')
          : answer(res, 'application/json', '{"kind":"Scale","spec":{"replicas":2}}');
      expect(await client.subResource('log').get<string>(Pod, 'p', { namespace: 'ns' })).toBe('line 1\nline 2\n');
      expect(await client.subResource('scale').get(Pod, 'p', { namespace: 'ns' })).toEqual({
        kind: 'Scale',
        spec: { replicas: 2 },
      });
      expect(server.seen[0]?.headers.accept).toBe('application/json, */*');
    });

    it('watch: a line that is not JSON is an InvalidResponseError naming the content type', async () => {
      server.handler = (_req, res) =>
        answer(res, 'text/html', `${JSON.stringify({ type: 'ADDED', object: pod })}\n<html>busy</html>\n`);
      const { seen, error } = await collect(client.watch(Pod, { namespace: 'ns' }));
      expect(seen).toHaveLength(1);
      expect(error).toMatchObject({
        reason: 'InvalidResponse',
        contentType: 'text/html',
        bodyStart: '<html>busy</html>',
      });
      expect(isRetryable(error)).toBe(false);
    });
  });
});
