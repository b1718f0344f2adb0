/**
 * A TCP pass-through in front of the API server that counts the connections a contender opens
 * (TLS goes through untouched; the server's certificate names 127.0.0.1, the proxy's address
 * too). Each contender gets a kubeconfig that points at its own proxy, so Go, Rust and Node
 * programs are counted the same way, from outside.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A running proxy. */
export class CountingProxy {
  /** Connections accepted so far. */
  connections = 0;
  /** Bytes the server sent through the proxy so far (TLS records included). */
  bytesIn = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1 (a free port) and forwards every connection to `target` (`https://host:port`). */
  static async start(target: string): Promise<CountingProxy> {
    const url = new URL(target);
    // No Nagle: a request written in two segments (TLS records, HTTP/2 frames) must not wait for
    // the delayed ACK of the first, which would add ~40 ms to every call that goes through.
    // Half-open allowed: a side that finished sending still gets the other side's answer.
    const server = createServer({ noDelay: true, allowHalfOpen: true });
    const proxy = new CountingProxy(server);
    server.on('connection', (client) => {
      proxy.connections++;
      const upstream = connect({ port: Number(url.port), host: url.hostname, noDelay: true, allowHalfOpen: true });
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.once('close', () => proxy.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      upstream.on('data', (chunk: Buffer) => {
        proxy.bytesIn += chunk.length;
      });
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `https://127.0.0.1:<port>` of the proxy. */
  get url(): string {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return `https://127.0.0.1:${address.port}`;
  }

  /** Writes to `to` a copy of the kubeconfig at `from` whose server `server` is replaced by this proxy. */
  async writeKubeconfig(from: string, server: string, to: string): Promise<void> {
    const text = await readFile(from, 'utf8');
    if (!text.includes(server)) throw new Error(`${from} does not name ${server}`);
    await writeFile(to, text.replaceAll(server, this.url));
  }

  /** Closes the listener and every open connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
