import type * as HttpModule from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BIND_ADDRESS } from '../defaults.js';

// `process.getBuiltinModule`, not `import`: importing `node:http` as an ES module builds its facade,
// which reads every export, and one of them loads Node's bundled undici (50-250 ms at startup).
const { createServer } = process.getBuiltinModule('node:http') as typeof HttpModule;

/** Where an HTTP endpoint listens: the options the probe and metrics servers share. */
export interface HttpEndpointOptions {
  /** The port; 0 picks a free one (read it from `port` once listening). */
  port: number;
  /** The address to listen on. @default '0.0.0.0' */
  bindAddress?: string;
}

/** A small HTTP server as a runnable: listens on `start`, closes (dropping idle connections) on abort. */
export class HttpEndpoint {
  readonly #host: string;
  readonly #port: number;
  readonly #handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  #listening: Promise<number>;
  #resolveListening!: (port: number) => void;
  #rejectListening!: (e: unknown) => void;
  /** Servers start before caches and controllers. */
  readonly group = 'server' as const;
  /** Servers run on every replica. */
  readonly needLeaderElection = false;

  constructor(options: HttpEndpointOptions, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    this.#host = options.bindAddress ?? DEFAULT_BIND_ADDRESS;
    this.#port = options.port;
    this.#handle = handle;
    this.#listening = new Promise((resolve, reject) => {
      this.#resolveListening = resolve;
      this.#rejectListening = reject;
    });
    this.#listening.catch(() => undefined);
  }

  /** The port it listens on, once it does (useful with port 0). */
  get port(): Promise<number> {
    return this.#listening;
  }

  /** Listens until `signal` aborts, then closes the server and its connections. */
  async start(signal: AbortSignal): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => {
        this.#rejectListening(e);
        reject(e);
      });
      server.listen(this.#port, this.#host, () => resolve());
    });
    this.#resolveListening((server.address() as AddressInfo).port);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
