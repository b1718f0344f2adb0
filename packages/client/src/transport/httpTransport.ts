import type * as HttpModule from 'node:http';
import type * as HttpsModule from 'node:https';
import { type Duplex, PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Clock, TokenBucket } from '@kubekit/core';
import { apiErrorFrom, isStatus, KubekitError, type Status } from '@kubekit/core';
import { RequestTimeoutError, TransportError } from '../errors.js';
import { applyCredentials, serverUrlOf } from '../kubeConfig.js';
import type { KubeConfigLike } from '../kubeConfigLike.js';
import { openTelemetryTracer } from '../tracing.js';
import { serializeJson } from '../validation.js';
import { decodeJsonObject } from './decode.js';
import { textWithoutManagedFields } from './managedFields.js';
import { requestInfo } from './requestInfo.js';
import { type Idempotency, parseRetryAfter, type RetryPolicy, retryDelayMs, shouldRetry } from './retry.js';

// `process.getBuiltinModule`, not `import`: importing `node:http` as an ES module builds its facade,
// which reads every export, and one of them loads Node's bundled undici (50-250 ms at startup).
const http = process.getBuiltinModule('node:http') as typeof HttpModule;
const https = process.getBuiltinModule('node:https') as typeof HttpsModule;

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One request to the API server. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/apis/apps/v1/namespaces/x/deployments`. */
  path: string;
  query?: Query;
  /**
   * JSON body, serialized once before the first attempt (see `serializeJson`): a BigInt, a Symbol
   * or a cycle in it is an `InvalidInputError` and nothing is sent.
   */
  body?: unknown;
  /**
   * Where the body sits in the caller's input, prefixed to the paths of those errors (`patch` gives
   * `patch.data.x`). @default '' (paths are the body's own: `spec.size`)
   */
  bodyField?: string;
  /** Content type of the body. @default 'application/json' */
  contentType?: string;
  /**
   * `Accept` header. When it accepts any type (the wildcard type), a 2xx answer whose content type
   * is not JSON (a Pod's log) resolves to its text instead of being an `InvalidResponseError`.
   * @default 'application/json'
   */
  accept?: string;
  /** Cut `managedFields` out of a JSON answer before decoding and parsing it (see `textWithoutManagedFields`). @default false */
  dropManagedFields?: boolean;
  /** Whether a repeat is safe after a 5xx or a lost connection (see `shouldRetry`). */
  idempotency: Idempotency;
  signal?: AbortSignal | undefined;
}

/** What {@link HttpTransport} is built from. */
export interface HttpTransportInit {
  kubeConfig: KubeConfigLike;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  rateLimiter: TokenBucket;
  clock: Clock;
  userAgent: string;
  /** Whether to ask for gzip-compressed answers. */
  compression: boolean;
  /** Called with the text of each `Warning` header of an answer. @default none */
  onWarning?: ((warning: string) => void) | undefined;
}

/** The texts of `Warning` header values (`299 - "text"`, several joined by commas). */
export function parseWarnings(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const texts: string[] = [];
  for (const value of values) {
    for (const m of value.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) {
      texts.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
    }
  }
  return texts;
}

/**
 * The body of a streamed answer (see {@link HttpTransport.requestStream}), decompressed. A failure
 * while it is read (the connection cut, a compressed stream broken off) is a `TransportError`
 * with the original error as `cause`; once the request's signal aborted, its reason.
 */
export interface ResponseStream extends Readable {
  /** The answer's `Content-Type` header, if it had one. */
  readonly contentType: string | undefined;
  /** Method and path of the request, for messages. */
  readonly request: string;
}

/**
 * One attempt of a request, as `Client.onRequest` listeners receive it (the manager
 * counts them in `rest_client_requests_total` and `rest_client_request_duration_seconds`).
 */
export interface RequestAttempt {
  /** The HTTP method. */
  readonly method: string;
  /** `host:port` of the API server. */
  readonly host: string;
  /** The API verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`. */
  readonly verb: string;
  /** The resource (`configmaps`, `deployments/status`), or the path for non-resource requests (discovery). */
  readonly resource: string;
  /** The HTTP status code of the answer; `undefined` when none came (a lost connection, a timeout). */
  readonly code: number | undefined;
  /** How long the attempt took, in ms of the client's clock. */
  readonly durationMs: number;
  /** The attempt's number: 0 for the first, 1 for the first retry... */
  readonly attempt: number;
}

/** Counters of one transport, for tests and benchmarks. */
export interface TransportStats {
  /** TCP (or TLS) connections opened so far. */
  readonly connectionsOpened: number;
  /** Attempts sent (retries included). */
  readonly attempts: number;
  /** Retries made. */
  readonly retries: number;
}

/** A JSON content type: `application/json`, `application/merge-patch+json`, with parameters or not. */
const JSON_CONTENT_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** A keep-alive agent that counts the connections it opens. */
class CountingHttpsAgent extends https.Agent {
  opened = 0;
  override createConnection(...args: Parameters<HttpsModule.Agent['createConnection']>): Duplex | null | undefined {
    this.opened++;
    return super.createConnection(...args);
  }
}
class CountingHttpAgent extends http.Agent {
  opened = 0;
  override createConnection(...args: Parameters<HttpModule.Agent['createConnection']>): Duplex | null | undefined {
    this.opened++;
    return super.createConnection(...args);
  }
}

/**
 * Sends requests to one cluster as one user (the kubeconfig's current context). Credentials come from
 * the kubeconfig's `applyToHTTPSOptions` on every request (token files re-read, tokens from exec
 * plugins and OIDC refreshed as they expire); connections come from one keep-alive agent of our
 * own, created once, so calls reuse TLS connections instead of opening one each. Node pools sockets
 * by TLS material, so a rotated client certificate gets fresh connections. A proxy named in the
 * kubeconfig (`proxy-url`) is used through the agent its `applyToHTTPSOptions` sets (client-node's).
 */
export class HttpTransport {
  readonly #init: HttpTransportInit;
  readonly #server: URL;
  readonly #agent: CountingHttpsAgent | CountingHttpAgent;
  #attempts = 0;
  #retries = 0;
  readonly #listeners = new Set<(attempt: RequestAttempt) => void>();

  constructor(init: HttpTransportInit) {
    this.#init = init;
    this.#server = serverUrlOf(init.kubeConfig);
    const agentOptions = { keepAlive: true, scheduling: 'lifo' as const };
    this.#agent =
      this.#server.protocol === 'http:' ? new CountingHttpAgent(agentOptions) : new CountingHttpsAgent(agentOptions);
  }

  /** The API server's base URL. */
  get server(): string {
    return this.#server.href;
  }

  /** Connection and attempt counters. */
  get stats(): TransportStats {
    return { connectionsOpened: this.#agent.opened, attempts: this.#attempts, retries: this.#retries };
  }

  /**
   * Sends a request (rate-limited, retried per its idempotency) and parses the JSON answer. A 2xx
   * answer whose body is not a JSON object (empty, HTML from a proxy, ...) is an
   * `InvalidResponseError`; 204 No Content resolves to `undefined`. A connection lost before the
   * answer is complete is a `TransportError`.
   */
  async requestJson<T>(req: HttpRequest): Promise<T> {
    return (await this.#withRetries(req, false)) as T;
  }

  /**
   * Sends a request and hands back the response stream once a 2xx status arrives (for watches); the
   * request timeout covers only the wait for the headers. Error answers are read and thrown as for
   * `requestJson`. Failures while the stream is read are `TransportError`s (see {@link ResponseStream}).
   */
  async requestStream(req: HttpRequest): Promise<ResponseStream> {
    return (await this.#withRetries(req, true)) as ResponseStream;
  }

  /**
   * Calls `listener` after every attempt of every request, answered or not; returns the
   * unsubscribe function. A throwing listener is ignored.
   */
  onRequest(listener: (attempt: RequestAttempt) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes pooled connections. Requests still running are cut. */
  close(): void {
    this.#agent.destroy();
  }

  /**
   * Sends `req` with its retries, in one span (a child of the caller's active span, such as a
   * reconcile's) that names the verb and resource and ends with the status code and retry count.
   */
  async #withRetries(req: HttpRequest, stream: boolean): Promise<unknown> {
    const payload = req.body === undefined ? undefined : serializeJson(req.body, req.bodyField);
    const info = requestInfo(req.method, req.path, req.query);
    const host = this.#server.host;
    // the request's span, when an OpenTelemetry SDK is registered (else no span, and no API loaded)
    const otel = openTelemetryTracer('@kubekit/client');
    const span = otel?.tracer.startSpan(
      `${info.verb} ${info.resource}`,
      {
        kind: otel.api.SpanKind.CLIENT,
        attributes: {
          'http.request.method': req.method,
          'server.address': this.#server.hostname,
          'url.path': req.path,
          'kubekit.verb': info.verb,
          'kubekit.resource': info.resource,
          ...(info.namespace !== undefined && { 'k8s.namespace.name': info.namespace }),
        },
      },
      otel.api.context.active(),
    );
    let code: number | undefined;
    let attempt = 0;
    try {
      for (; ; attempt++) {
        const answer: { code?: number } = {};
        const started = this.#init.clock.now();
        try {
          const result = await this.#attempt(req, payload, stream, answer);
          code = answer.code;
          return result;
        } catch (err) {
          code =
            answer.code ??
            (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined);
          if (req.signal?.aborted || attempt >= this.#init.retry.maxRetries || !shouldRetry(err, req.idempotency)) {
            if (otel && span) {
              span.recordException(err instanceof Error ? err : String(err));
              span.setStatus({
                code: otel.api.SpanStatusCode.ERROR,
                message: err instanceof Error ? err.message : String(err),
              });
            }
            throw err;
          }
          this.#retries++;
          const after = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
          await this.#init.clock.sleep(retryDelayMs(attempt, this.#init.retry, after), req.signal);
        } finally {
          this.#report({
            ...info,
            method: req.method,
            host,
            code,
            durationMs: this.#init.clock.now() - started,
            attempt,
          });
        }
      }
    } finally {
      if (code !== undefined) span?.setAttribute('http.response.status_code', code);
      span?.setAttribute('kubekit.retries', attempt);
      span?.end();
    }
  }

  #report(attempt: RequestAttempt): void {
    for (const listener of this.#listeners) {
      try {
        listener(attempt);
      } catch {
        // a metrics exporter's failure must not fail the request
      }
    }
  }

  /** One attempt; `answer.code` gets the status code once the answer's headers arrive. */
  async #attempt(
    req: HttpRequest,
    payload: string | undefined,
    stream: boolean,
    answer: { code?: number },
  ): Promise<unknown> {
    const { signal } = req;
    await this.#init.rateLimiter.acquire(signal);
    const options: HttpsModule.RequestOptions = {
      method: req.method,
      headers: {
        accept: req.accept ?? 'application/json',
        'user-agent': this.#init.userAgent,
        // the API server compresses large answers (lists, watch streams) only when asked
        ...(this.#init.compression && { 'accept-encoding': 'gzip' }),
      },
    };
    await applyCredentials(this.#init.kubeConfig, options);
    const proxied = Boolean(this.#init.kubeConfig.getCurrentCluster()?.proxyUrl);
    if (!proxied) options.agent = this.#agent;
    if (payload !== undefined) {
      // An explicit length: Node sends DELETE bodies without one, and the server would then read the
      // body as the start of the next request on the kept-alive connection.
      options.headers = {
        ...options.headers,
        'content-type': req.contentType ?? 'application/json',
        'content-length': Buffer.byteLength(payload),
      };
    }
    const url = new URL(this.#server.href.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const what = `${req.method} ${url.pathname}`;

    const timeout = new AbortController();
    const timeoutMs = this.#init.requestTimeoutMs;
    // the timeout runs on the client's clock (fake time in tests); aborting `timer` cancels it
    const timer = new AbortController();
    if (timeoutMs > 0) {
      this.#init.clock.sleep(timeoutMs, timer.signal).then(
        () => timeout.abort(),
        () => undefined,
      );
    }
    options.signal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    this.#attempts++;

    return new Promise((resolve, reject) => {
      /** What a failure without an HTTP answer is reported as. */
      const failure = (cause: unknown): unknown => {
        if (signal?.aborted) return signal.reason;
        if (timeout.signal.aborted) return new RequestTimeoutError(timeoutMs, what);
        if (cause instanceof KubekitError) return cause;
        return new TransportError(`${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
      };
      const fail = (cause: unknown) => {
        timer.abort();
        reject(failure(cause));
      };
      const send = url.protocol === 'http:' ? http.request : https.request;
      const request = send(url, options, (res) => {
        const code = res.statusCode ?? 0;
        answer.code = code;
        const ok = code >= 200 && code < 300;
        const onWarning = this.#init.onWarning;
        if (onWarning && res.headers.warning !== undefined) {
          for (const w of parseWarnings(res.headers.warning)) onWarning(w);
        }
        const contentType = res.headers['content-type'];
        const gzip = res.headers['content-encoding'] === 'gzip';
        if (stream && ok) {
          timer.abort();
          // read errors (a connection cut mid-stream, a broken gzip stream) reach the reader mapped
          // chunks are read one by one as they came (object mode), not joined into one Buffer per read
          const out = new PassThrough({
            readableObjectMode: true,
            destroy: (err, done) => done(err && (failure(err) as Error)),
          });
          if (gzip) pipeline(res, createGunzip(), out, () => {});
          else pipeline(res, out, () => {});
          resolve(Object.assign(out, { contentType, request: what }) satisfies ResponseStream);
          return;
        }
        const body: Readable = gzip ? pipeline(res, createGunzip(), () => {}) : res;
        const chunks: Buffer[] = [];
        body.on('data', (c: Buffer) => chunks.push(c));
        body.on('error', fail);
        body.on('end', () => {
          timer.abort();
          const bytes = Buffer.concat(chunks);
          // an answer resolved as its text (a Pod's log), not parsed
          const raw = req.accept?.includes('*/*') && !JSON_CONTENT_TYPE.test(contentType ?? '');
          // managedFields are cut on the bytes, before they are decoded
          const text = ok && req.dropManagedFields && !raw ? textWithoutManagedFields(bytes) : bytes.toString('utf8');
          if (ok) {
            if (code === 204 && text === '') return resolve(undefined);
            if (raw) return resolve(text);
            try {
              return resolve(decodeJsonObject(text, `the ${code} answer`, { request: what, contentType }));
            } catch (err) {
              return reject(err);
            }
          }
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          const status: Status = isStatus(parsed)
            ? parsed
            : { message: typeof parsed === 'string' && parsed !== '' ? parsed.slice(0, 500) : `HTTP ${code}`, code };
          const retryAfter = res.headers['retry-after'];
          reject(
            apiErrorFrom({
              code,
              status,
              request: what,
              ...(retryAfter !== undefined && { retryAfterSeconds: parseRetryAfter(retryAfter) }),
            }),
          );
        });
      });
      request.on('error', fail);
      request.end(payload);
    });
  }
}
