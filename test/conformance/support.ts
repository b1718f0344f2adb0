/**
 * What a conformance case gets: a server under test (real or in-memory), raw JSON requests with
 * its credentials, and a watch reader. Cases speak HTTP so both servers are asked the same way:
 * they judge the wire itself (status codes, headers, Status bodies), below any client, so this is
 * the one place in the repository that sends requests without `Client` of `@kubekit/client`.
 */
import { request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A server the conformance cases run against. */
export interface ServerUnderTest {
  readonly name: 'real' | 'fake';
  /** A fresh kubeconfig for a user. */
  kubeConfig(user?: 'admin' | 'restricted'): KubeConfig;
  /** A namespace of this run's own (custom resources only; may not exist as an object). */
  readonly namespace: string;
  /** A resourceVersion a watch from which answers 410 Gone (compacting history where needed). */
  expiredResourceVersion(): Promise<string>;
}

/** One conformance case. */
export interface ConformanceCase {
  name: string;
  run(sut: ServerUnderTest): Promise<void>;
}

/** Wire JSON of any shape: cases assert on it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: responses are checked by the assertions, not by types
type AnyJson = any;

/** A JSON response. */
export interface Response<T = AnyJson> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** One request as the given user; `contentType` for patches, `accept` for another answer type. */
export async function call<T = AnyJson>(
  sut: ServerUnderTest,
  method: string,
  path: string,
  body?: unknown,
  options: { user?: 'admin' | 'restricted'; contentType?: string; accept?: string } = {},
): Promise<Response<T>> {
  const kc = sut.kubeConfig(options.user);
  const opts: import('node:https').RequestOptions = {
    method,
    headers: { accept: options.accept ?? 'application/json' },
  };
  await kc.applyToHTTPSOptions(opts);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) {
    // A length, not chunks: Node sends a DELETE body unframed unless told its length.
    const contentType = options.contentType ?? 'application/json';
    opts.headers = { ...opts.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(payload) };
  }
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, kc.getCurrentCluster()?.server), opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: the text is the body
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A watch event as read from the wire. */
export interface WireEvent {
  type: string;
  object: AnyJson;
}

/**
 * Opens a watch and collects its events until `done(events)` holds or the stream ends; closes it.
 * Rejects when neither happens within `limitMs` (a hang guard, not a timing assertion).
 */
export async function watchUntil(
  sut: ServerUnderTest,
  path: string,
  done: (events: WireEvent[]) => boolean,
  limitMs = 20_000,
): Promise<WireEvent[]> {
  const kc = sut.kubeConfig();
  const server = kc.getCurrentCluster()?.server ?? '';
  const opts: import('node:https').RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const events: WireEvent[] = [];
    let buffer = '';
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`watch ${path} did not finish; got ${JSON.stringify(events.map((e) => e.type))}`));
    }, limitMs);
    const finish = () => {
      clearTimeout(timer);
      req.destroy();
      resolve(events);
    };
    const req = request(new URL(path, server), opts, (res) => {
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) events.push(JSON.parse(line) as WireEvent);
          nl = buffer.indexOf('\n');
        }
        if (done(events)) finish();
      });
      res.on('end', finish);
      res.on('error', () => finish());
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      if (events.length > 0) resolve(events);
      else reject(err);
    });
    req.end();
  });
}

/** Widgets of the fixture CRDs in the server's namespace. */
export const widgets = (sut: ServerUnderTest) => `/apis/test.kubekit.dev/v1/namespaces/${sut.namespace}/widgets`;

/** A Widget body. */
export const widget = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, ...metadata },
  spec,
});

/** A name unique within the run, for one case. */
export function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A collection of a built-in kind in the server's namespace: `core(sut, 'pods')`, `core(sut, 'deployments', 'apps/v1')`. */
export const core = (sut: ServerUnderTest, resource: string, groupVersion = 'v1') =>
  `${groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`}/namespaces/${sut.namespace}/${resource}`;

/** A Pod body with one container (`web`, nginx). */
export const pod = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...metadata },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

/** A Deployment body selecting `app: <name>` with one container (`web`, nginx). */
export const deployment = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...spec,
  },
});

/** A Status failure body, as the real server shapes it. */
export const failure = (reason: string, code: number, message: string, details?: object) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});
