import { request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A JSON response: status code and parsed body (undefined when empty). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * One JSON request to the kubeconfig's current cluster, with its credentials. Bodies go over the
 * wire as given: no model classes, so fields such as `x-kubernetes-validations` survive.
 */
export async function requestJson(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<JsonResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const opts: import('node:https').RequestOptions = { method, headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) opts.headers = { ...opts.headers, 'content-type': 'application/json' };
  if (signal) opts.signal = signal;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
