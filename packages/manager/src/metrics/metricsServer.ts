import type { Registry } from 'prom-client';
import { HttpEndpoint, type HttpEndpointOptions } from '../health/serveHttp.js';

/** Options of {@link MetricsServer}. */
export interface MetricsServerOptions extends HttpEndpointOptions {
  /** The registry served (`ManagerMetrics.registry`). */
  registry: Registry;
}

/**
 * Serves a registry at `/metrics` in the Prometheus text format.
 *
 * ```ts
 * const server = new MetricsServer({ port: 8080, registry: mgr.metrics.registry });
 * ```
 */
export class MetricsServer extends HttpEndpoint {
  constructor(options: MetricsServerOptions) {
    const { registry } = options;
    super(options, async (req, res) => {
      if (new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
        res.statusCode = 404;
        res.end('404 page not found\n');
        return;
      }
      res.setHeader('content-type', registry.contentType);
      res.end(await registry.metrics());
    });
  }
}
