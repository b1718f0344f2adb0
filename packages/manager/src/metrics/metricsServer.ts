import type { Registry } from 'prom-client';
import { HttpEndpoint } from '../health/serveHttp.js';

/** Serves a registry at `/metrics` in the Prometheus text format. */
export class MetricsServer extends HttpEndpoint {
  constructor(host: string, port: number, registry: Registry) {
    super(host, port, async (req, res) => {
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
