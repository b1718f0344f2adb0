import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** One request the fake server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A scripted answer: status, JSON (or text) body, headers. */
export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A plain HTTP server on loopback that answers from a script, for transport tests that need exact
 * status codes (429, 503, resets) the real API server cannot be made to send on demand.
 */
export class ScriptedServer {
  readonly seen: SeenRequest[] = [];
  connections = 0;
  #server: Server;
  #handler: (req: SeenRequest, res: ServerResponse) => ScriptedAnswer | 'reset' | 'hang';

  private constructor(server: Server, handler: ScriptedServer['handler']) {
    this.#server = server;
    this.#handler = handler;
  }

  /** Replaces the answering function. */
  set handler(h: (req: SeenRequest, res: ServerResponse) => ScriptedAnswer | 'reset' | 'hang') {
    this.#handler = h;
  }
  get handler() {
    return this.#handler;
  }

  static async start(handler: ScriptedServer['handler']): Promise<ScriptedServer> {
    const server = createServer();
    const fake = new ScriptedServer(server, handler);
    server.on('connection', () => fake.connections++);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        fake.seen.push(seen);
        const answer = fake.#handler(seen, res);
        if (answer === 'reset') return req.socket.destroy();
        if (answer === 'hang') return;
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** A kubeconfig pointing at this server over plain HTTP; its context names `namespace`, if given. */
  kubeConfig(namespace?: string): KubeConfig {
    const kc = new KubeConfig();
    const { port } = this.#server.address() as AddressInfo;
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'u', ...(namespace !== undefined && { namespace }) }],
      currentContext: 'fake',
    });
    return kc;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A `Status` body as the API server sends it. */
export function status(code: number, reason: string, message = reason, details?: object): ScriptedAnswer {
  return {
    status: code,
    body: { apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason, message, ...(details && { details }) },
  };
}
