import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthCheck } from '../manager/runnable.js';
import { HttpEndpoint, type HttpEndpointOptions } from './serveHttp.js';

/** Options of {@link ProbeServer}. */
export interface ProbeServerOptions extends HttpEndpointOptions {
  /** Liveness checks, served at `/healthz`; read at each request, so checks added later count. */
  healthz: ReadonlyMap<string, HealthCheck>;
  /** Readiness checks, served at `/readyz`; read at each request. */
  readyz: ReadonlyMap<string, HealthCheck>;
}

/** Runs named checks; `undefined` when all pass, else the failures by name. */
export async function runChecks(checks: ReadonlyMap<string, HealthCheck>): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  await Promise.all(
    [...checks].map(async ([name, check]) => {
      try {
        await check();
      } catch (e) {
        failed.set(name, e instanceof Error ? e.message : String(e));
      }
    }),
  );
  return failed;
}

/**
 * `/healthz` (liveness) and `/readyz` (readiness), as controller-runtime serves them: 200 `ok` when
 * every check passes, 500 listing the failed checks otherwise; `?verbose` lists every check;
 * `/healthz/<name>` runs one check.
 */
export class ProbeServer extends HttpEndpoint {
  constructor(options: ProbeServerOptions) {
    const { healthz, readyz } = options;
    super(options, async (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://probe');
      const [, endpoint, one] = url.pathname.split('/');
      const all = endpoint === 'healthz' ? healthz : endpoint === 'readyz' ? readyz : undefined;
      if (!all) {
        res.statusCode = 404;
        res.end('404 page not found\n');
        return;
      }
      let checks: ReadonlyMap<string, HealthCheck> = all;
      if (one) {
        const check = all.get(one);
        if (!check) {
          res.statusCode = 404;
          res.end(`no check named ${one}\n`);
          return;
        }
        checks = new Map([[one, check]]);
      }
      const failed = await runChecks(checks);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.statusCode = failed.size === 0 ? 200 : 500;
      const lines = [...checks.keys()].map((n) => (failed.has(n) ? `[-]${n} failed: ${failed.get(n)}` : `[+]${n} ok`));
      if (failed.size === 0 && !url.searchParams.has('verbose')) res.end('ok');
      else res.end(`${lines.join('\n')}\n${endpoint} check ${failed.size === 0 ? 'passed' : 'failed'}\n`);
    });
  }
}
