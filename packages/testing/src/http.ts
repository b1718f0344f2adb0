import { request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A JSON response: status code, headers and parsed body (undefined when empty, text when not JSON). */
export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * One JSON request to the kubeconfig's current cluster, with its credentials. Bodies go over the
 * wire as given: no model classes, so fields such as `x-kubernetes-validations` survive.
 * `contentType` names the body's type (patches: `application/merge-patch+json`, ...); `accept` the
 * answer's.
 */
export async function requestJson(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  contentType = 'application/json',
  accept = 'application/json',
): Promise<JsonResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const opts: import('node:https').RequestOptions = { method, headers: { accept } };
  await kc.applyToHTTPSOptions(opts);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) {
    // A length, not chunks: Node sends a DELETE body unframed unless told its length.
    opts.headers = { ...opts.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(payload) };
  }
  if (signal) opts.signal = signal;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
        } catch {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
