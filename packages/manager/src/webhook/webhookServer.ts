import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { type Clock, type Logger, silentLogger, systemClock } from '@kubekit/core';
import {
  DEFAULT_BIND_ADDRESS,
  DEFAULT_WEBHOOK_CERT_NAME,
  DEFAULT_WEBHOOK_CERT_POLL_INTERVAL_MS,
  DEFAULT_WEBHOOK_KEY_NAME,
  DEFAULT_WEBHOOK_MAX_REQUEST_BYTES,
  DEFAULT_WEBHOOK_PORT,
  DEFAULT_WEBHOOK_TLS_MIN_VERSION,
} from '../defaults.js';
import { WebhookPathError, WebhookRequestError } from '../errors.js';
import type { ManagerMetrics } from '../metrics/managerMetrics.js';
import type { AdmissionWebhookDeclaration } from './admission/manifests.js';
import { CertWatcher } from './certWatcher.js';

/** What a webhook gets besides the request body. */
export interface WebhookContext {
  /** The path the request came in on (the webhook's name in metrics and logs). */
  readonly path: string;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** The server's logger, bound to the path. */
  readonly logger: Logger;
}

/**
 * A handler the server calls for each request on its path: the JSON body in (already checked to be
 * a POST of `application/json` within the size limit), the JSON answer out (sent with 200). Throw
 * a `WebhookRequestError` to answer a 4xx; any other error answers 500. `admissionWebhook(...)`
 * makes one for AdmissionReviews.
 */
export interface Webhook {
  /** Answers one request: its parsed JSON body in, the JSON to send back with 200 out. */
  handle(body: unknown, context: WebhookContext): Promise<unknown>;
}

/** Options of {@link WebhookServer}. */
export interface WebhookServerOptions {
  /** The HTTPS port; 0 picks a free one (read it from `port`). @default 9443 */
  port?: number;
  /** The address to listen on. @default the manager's `bindAddress`, else '0.0.0.0' */
  bindAddress?: string;
  /**
   * The folder of the serving certificate and key (a mounted Secret, as cert-manager writes it).
   * @default `<os tmpdir>/k8s-webhook-server/serving-certs`, as controller-runtime
   */
  certDir?: string;
  /** The certificate's file name in `certDir` (PEM, leaf first, then its chain). @default 'tls.crt' */
  certName?: string;
  /** The key's file name in `certDir` (PEM). @default 'tls.key' */
  keyName?: string;
  /** The lowest TLS version accepted. @default 'TLSv1.2' */
  tlsMinVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** How often the certificate files are read again, besides on change events. @default 10_000 */
  certPollIntervalMs?: number;
  /** The largest request body read, in bytes; larger ones get 413. @default 7 MiB */
  maxRequestBytes?: number;
}

/** What the manager hands a {@link WebhookServer} besides its options. */
export interface WebhookServerDeps {
  /** Request metrics go here. @default none */
  metrics?: ManagerMetrics;
  /** @default silentLogger */
  logger?: Logger;
  /** Times the certificate polls and the request latencies. @default the system clock */
  clock?: Clock;
}

/** {@link WebhookServerOptions} with the defaults filled in. */
export type ResolvedWebhookServerOptions = Required<WebhookServerOptions>;

/** Fills in the defaults of {@link WebhookServerOptions}; `bindAddress` falls back to `managerBindAddress`. */
export function resolveWebhookServerOptions(
  options: WebhookServerOptions = {},
  managerBindAddress?: string,
): ResolvedWebhookServerOptions {
  return {
    port: options.port ?? DEFAULT_WEBHOOK_PORT,
    bindAddress: options.bindAddress ?? managerBindAddress ?? DEFAULT_BIND_ADDRESS,
    certDir: options.certDir ?? join(tmpdir(), 'k8s-webhook-server', 'serving-certs'),
    certName: options.certName ?? DEFAULT_WEBHOOK_CERT_NAME,
    keyName: options.keyName ?? DEFAULT_WEBHOOK_KEY_NAME,
    tlsMinVersion: options.tlsMinVersion ?? DEFAULT_WEBHOOK_TLS_MIN_VERSION,
    certPollIntervalMs: options.certPollIntervalMs ?? DEFAULT_WEBHOOK_CERT_POLL_INTERVAL_MS,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_WEBHOOK_MAX_REQUEST_BYTES,
  };
}

/**
 * controller-runtime's webhook server: HTTPS with the certificate and key of `certDir` (reloaded
 * when the files change, without a restart), one {@link Webhook} per path. A runnable of the
 * `server` group that runs on every replica (webhooks need no leader); on shutdown it stops
 * accepting connections and lets the requests in flight finish. Get the manager's with
 * `mgr.webhookServer`, which also adds the readiness check `webhook`.
 */
export class WebhookServer {
  /** Starts with the other servers, before caches and controllers. */
  readonly group = 'server' as const;
  /** Runs on every replica. */
  readonly needLeaderElection = false;
  readonly #o: ResolvedWebhookServerOptions;
  readonly #deps: Required<Omit<WebhookServerDeps, 'metrics'>> & Pick<WebhookServerDeps, 'metrics'>;
  readonly #hooks = new Map<string, Webhook>();
  readonly #declarations: AdmissionWebhookDeclaration[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #started = false;
  #serving = false;
  #listening: Promise<number>;
  #resolveListening!: (port: number) => void;
  #rejectListening!: (e: unknown) => void;

  constructor(options: WebhookServerOptions = {}, deps: WebhookServerDeps = {}) {
    this.#o = resolveWebhookServerOptions(options);
    this.#deps = { logger: silentLogger, clock: systemClock, ...deps };
    this.#listening = new Promise((resolve, reject) => {
      this.#resolveListening = resolve;
      this.#rejectListening = reject;
    });
    this.#listening.catch(() => undefined);
  }

  /** The resolved options. */
  get options(): ResolvedWebhookServerOptions {
    return this.#o;
  }

  /** The port it listens on, once it does (useful with port 0); rejects when it cannot start. */
  get port(): Promise<number> {
    return this.#listening;
  }

  /** Whether it is listening and serving requests now. */
  get serving(): boolean {
    return this.#serving;
  }

  /** The paths with a webhook. */
  get paths(): string[] {
    return [...this.#hooks.keys()];
  }

  /** The admission webhooks declared with their registration (what `admissionWebhookConfigurations` writes). */
  get declarations(): readonly AdmissionWebhookDeclaration[] {
    return this.#declarations;
  }

  /**
   * Serves `webhook` on `path`, before `start`. With `declaration`, the webhook's configuration is
   * declared too (`webhookFor` declares its webhooks so).
   * @throws {@link WebhookPathError} when `path` is not an absolute path, is taken, or the server started
   */
  register(path: string, webhook: Webhook, options: { declaration?: AdmissionWebhookDeclaration } = {}): void {
    if (!/^\/[^?#\s]*$/.test(path)) throw new WebhookPathError(path, 'a webhook path starts with / and has no query');
    if (this.#hooks.has(path)) throw new WebhookPathError(path, 'the path has a webhook already');
    if (this.#started) throw new WebhookPathError(path, 'register webhooks before the server starts');
    this.#hooks.set(path, webhook);
    this.#deps.metrics?.webhookRegistered(path);
    if (options.declaration) this.#declarations.push(options.declaration);
  }

  /** A readiness check: passes once the server serves. */
  readonly startedCheck = (): void => {
    if (!this.#serving) throw new Error('the webhook server is not serving');
  };

  /**
   * Listens until `signal` aborts, then stops accepting connections, waits for the requests in
   * flight and closes. Rejects with `WebhookCertificateError` when the certificate cannot be loaded
   * at start, or with the listen error.
   */
  async start(signal: AbortSignal): Promise<void> {
    this.#started = true;
    const o = this.#o;
    const log = this.#deps.logger;
    const tls = { minVersion: o.tlsMinVersion as SecureVersion };
    let server: Server | undefined;
    const watcher = new CertWatcher({
      certFile: join(o.certDir, o.certName),
      keyFile: join(o.certDir, o.keyName),
      dir: o.certDir,
      pollIntervalMs: o.certPollIntervalMs,
      tls,
      onChange: (pair) => server?.setSecureContext({ ...tls, ...pair }),
      clock: this.#deps.clock,
      logger: log,
    });
    const stopWatching = new AbortController();
    let watching: Promise<void> | undefined;
    try {
      const first = await watcher.start(stopWatching.signal);
      watching = first.watching;
      server = createServer({ ...tls, cert: first.cert, key: first.key }, (req, res) => {
        const done = this.#serve(req, res).catch((err: unknown) => log.error({ err }, 'webhook request failed'));
        this.#inFlight.add(done);
        void done.finally(() => this.#inFlight.delete(done));
      });
      server.on('tlsClientError', (err) => log.debug({ err }, 'webhook TLS handshake failed'));
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(o.port, o.bindAddress, () => {
          s.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      this.#rejectListening(err);
      stopWatching.abort();
      await watching;
      throw err;
    }
    const port = (server.address() as AddressInfo).port;
    this.#serving = true;
    this.#resolveListening(port);
    log.info({ port, paths: this.paths }, 'webhook server serving');
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.#serving = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    server.closeAllConnections();
    await closed;
    stopWatching.abort();
    await watching;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'https://webhook').pathname;
    const hook = this.#hooks.get(path);
    const clock = this.#deps.clock;
    const finish = hook ? this.#deps.metrics?.webhookRequest(path, clock.now() / 1000) : undefined;
    const answer = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      finish?.(code, clock.now() / 1000);
    };
    const aborted = new AbortController();
    res.on('close', () => aborted.abort(new Error('the client closed the connection')));
    try {
      if (!hook) throw new WebhookRequestError(404, `no webhook is registered on ${path}`);
      const body = await this.#readBody(req);
      const out = await hook.handle(body, {
        path,
        signal: aborted.signal,
        logger: this.#deps.logger.child({ webhook: path }),
      });
      answer(200, out);
    } catch (err) {
      const known = err instanceof WebhookRequestError;
      if (!known) this.#deps.logger.error({ err, webhook: path }, 'webhook failed');
      const code = known ? err.code : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (known && code === 413) res.setHeader('connection', 'close');
      answer(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message });
    }
  }

  async #readBody(req: IncomingMessage): Promise<unknown> {
    if (req.method !== 'POST') throw new WebhookRequestError(405, `method ${req.method} not allowed; send a POST`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new WebhookRequestError(415, `content type ${JSON.stringify(type)} not supported; send application/json`);
    }
    const max = this.#o.maxRequestBytes;
    const declared = Number(req.headers['content-length']);
    if (declared > max) throw new WebhookRequestError(413, `request body of ${declared} bytes exceeds ${max} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new WebhookRequestError(413, `request body exceeds ${max} bytes`);
      chunks.push(chunk);
    }
    if (size === 0) throw new WebhookRequestError(400, 'request body is empty');
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (cause) {
      throw new WebhookRequestError(400, `request body is not JSON: ${(cause as Error).message}`, { cause });
    }
  }
}
