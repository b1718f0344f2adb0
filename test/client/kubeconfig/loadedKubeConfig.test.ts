/**
 * What a client made from kubekit's own kubeconfig reader sends: the CA, TLS server name and client
 * certificate of the kubeconfig, tokens (a token file read again as it rotates), basic
 * authentication, impersonation; exec plugins through client-node, imported on first need; and
 * the errors of a kubeconfig whose credentials cannot be had.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client, isKubeConfigError, readKubeConfig } from '@kubekit/client';
import { loadDefaultKubeConfig } from '@kubekit/client/internal';
import { CertificateAuthority, FakeApiServer } from '@kubekit/testing';

/** What the recording server saw of one request. */
interface Seen {
  authorization: string | undefined;
  impersonateUser: string | undefined;
  impersonateGroup: string | string[] | undefined;
  /** sha256 of the client certificate presented, when one was. */
  clientCert: string | undefined;
}

/** An HTTPS server that answers every request with a version document and records what it saw. */
async function recordingServer(pair: {
  cert: string;
  key: string;
}): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer({ ...pair, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    seen.push({
      authorization: req.headers.authorization,
      impersonateUser: req.headers['impersonate-user'] as string | undefined,
      impersonateGroup: req.headers['impersonate-group'],
      clientCert: peer?.raw ? createHash('sha256').update(peer.raw).digest('hex') : undefined,
    });
    res.setHeader('content-type', 'application/json');
    res.end('{"major":"1","minor":"37"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const sha256 = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

let dir: string;
let ca: CertificateAuthority;
let recording: Awaited<ReturnType<typeof recordingServer>>;
let fake: FakeApiServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubekit-loaded-kubeconfig-'));
  ca = new CertificateAuthority();
  recording = await recordingServer(ca.issue(['127.0.0.1', 'kube.internal']));
  fake = await FakeApiServer.start();
});
afterAll(async () => {
  recording?.server.close();
  recording?.server.closeAllConnections();
  await fake?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a kubeconfig of one cluster, user and context into `folder` (under the temp dir). */
async function kubeconfig(
  folder: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<string> {
  const base = join(dir, folder);
  await mkdir(base, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(base, name), text);
  const path = join(base, 'config');
  await writeFile(
    path,
    JSON.stringify({
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
  );
  return path;
}

const lastSeen = () => recording.seen.at(-1);

describe('credentials applied by kubekit', () => {
  it('CA and client certificate files (relative paths), a token file read again as it rotates', async () => {
    const first = ca.issue(['kubekit-user']);
    const path = await kubeconfig(
      'certs',
      { server: recording.url, 'certificate-authority': 'pki/ca.crt' },
      { 'client-certificate': 'pki/user.crt', 'client-key': 'pki/user.key', tokenFile: 'token' },
      { token: 'token-1\n' },
    );
    await mkdir(join(dir, 'certs', 'pki'));
    await writeFile(join(dir, 'certs', 'pki', 'ca.crt'), ca.cert);
    await writeFile(join(dir, 'certs', 'pki', 'user.crt'), first.cert);
    await writeFile(join(dir, 'certs', 'pki', 'user.key'), first.key);
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0 });

    await client.getRaw('/version');
    expect(lastSeen()).toMatchObject({ authorization: 'Bearer token-1', clientCert: sha256(first.cert) });

    await writeFile(join(dir, 'certs', 'token'), 'token-2\n');
    await client.getRaw('/version');
    expect(lastSeen()?.authorization).toBe('Bearer token-2');

    const second = ca.issue(['kubekit-user']);
    await writeFile(join(dir, 'certs', 'pki', 'user.crt'), second.cert);
    await writeFile(join(dir, 'certs', 'pki', 'user.key'), second.key);
    await client.getRaw('/version');
    expect(lastSeen()?.clientCert).toBe(sha256(second.cert));
  });

  it('CA and client certificate as data, tls-server-name, impersonation', async () => {
    const pair = ca.issue(['kubekit-user']);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const path = await kubeconfig(
      'data',
      {
        // the serving certificate names 127.0.0.1 and kube.internal: a host it does not name is refused
        server: recording.url.replace('127.0.0.1', 'localhost'),
        'certificate-authority-data': b64(ca.cert),
        'tls-server-name': 'kube.internal',
      },
      {
        'client-certificate-data': b64(pair.cert),
        'client-key-data': b64(pair.key),
        token: 'inline',
        as: 'jane',
        'as-groups': ['devs', 'ops'],
      },
    );
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0 });
    await client.getRaw('/version');
    expect(lastSeen()).toEqual({
      authorization: 'Bearer inline',
      impersonateUser: 'jane',
      impersonateGroup: 'devs, ops',
      clientCert: sha256(pair.cert),
    });
  });

  it('basic authentication; insecure-skip-tls-verify trusts any server certificate', async () => {
    const path = await kubeconfig(
      'basic',
      { server: recording.url, 'insecure-skip-tls-verify': true },
      { username: 'admin', password: 's3cret' },
    );
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0 });
    await client.getRaw('/version');
    expect(lastSeen()?.authorization).toBe(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  });

  it('a certificate file that is missing: a KubeConfigError naming it, nothing sent', async () => {
    const path = await kubeconfig(
      'missing-cert',
      { server: recording.url, 'certificate-authority-data': Buffer.from(ca.cert).toString('base64') },
      { 'client-certificate': 'nope.crt', 'client-key': 'nope.key' },
    );
    const before = recording.seen.length;
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0, maxRetries: 0 });
    const err = await client.getRaw('/version').catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'KubeConfig', file: join(dir, 'missing-cert', 'nope.crt') });
    expect(recording.seen.length).toBe(before);
  });

  it('a context naming a user the kubeconfig does not have', async () => {
    const path = join(dir, 'no-user');
    await writeFile(
      path,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: recording.url } }],
        contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'ghost' } }],
        'current-context': 'ctx',
      }),
    );
    using client = new Client({ kubeConfig: readKubeConfig({ path }), maxRetries: 0 });
    const err = await client.getRaw('/version').catch((e: unknown) => e);
    expect(isKubeConfigError(err)).toBe(true);
    expect((err as Error).message).toContain('the context names the user "ghost"');
  });
});

describe('in a pod, against an API server', () => {
  it('lists with the service account token, and follows the token as it rotates', async () => {
    const serviceAccount = join(dir, 'serviceaccount');
    await mkdir(serviceAccount);
    const admin = fake.kubeConfig.getCurrentUser()?.token as string;
    const restricted = fake.kubeConfigFor('restricted').getCurrentUser()?.token as string;
    await writeFile(join(serviceAccount, 'token'), restricted);
    await writeFile(
      join(serviceAccount, 'ca.crt'),
      Buffer.from(fake.kubeConfig.getCurrentCluster()?.caData as string, 'base64'),
    );
    await writeFile(join(serviceAccount, 'namespace'), 'kube-system');
    const url = new URL(fake.url);
    const kubeConfig = loadDefaultKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port, HOME: join(dir, 'nohome') },
      serviceAccountDir: serviceAccount,
    });
    using client = new Client({ kubeConfig, qps: 0, maxRetries: 0 });
    expect(client.defaultNamespace).toBe('kube-system');
    await expect(client.list(builtinKinds.ConfigMap)).rejects.toMatchObject({ code: 403 });
    await writeFile(join(serviceAccount, 'token'), admin);
    await expect(client.list(builtinKinds.ConfigMap)).resolves.toMatchObject({ items: expect.any(Array) });
  });
});

describe('through client-node: exec plugins, proxies, its own KubeConfig', () => {
  it('a node script printing an ExecCredential gives the token', async () => {
    const admin = fake.kubeConfig.getCurrentUser()?.token as string;
    const plugin = join(dir, 'plugin.mjs');
    await writeFile(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN } }));\n`,
    );
    await chmod(plugin, 0o755);
    const path = await kubeconfig(
      'exec',
      { server: fake.url, 'certificate-authority-data': fake.kubeConfig.getCurrentCluster()?.caData },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: [plugin],
          env: [{ name: 'PLUGIN_TOKEN', value: admin }],
          interactiveMode: 'Never',
        },
      },
    );
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0, maxRetries: 0 });
    const list = await client.list(builtinKinds.Namespace);
    expect(list.items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('a plugin that is not installed: a KubeConfigError naming its command', async () => {
    const path = await kubeconfig(
      'exec-missing',
      { server: fake.url, 'certificate-authority-data': fake.kubeConfig.getCurrentCluster()?.caData },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubekit-no-such-plugin' } },
    );
    using client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0, maxRetries: 0 });
    const err = await client.list(builtinKinds.Namespace).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'KubeConfig', command: 'kubekit-no-such-plugin', context: 'ctx' });
    expect((err as Error).message).toContain('exec credential plugin "kubekit-no-such-plugin" cannot be started');
    expect(client.stats.connectionsOpened).toBe(0);
  });

  it('a proxy-url: requests go through the proxy (client-node’s proxy agent)', async () => {
    const connects: string[] = [];
    const tunnels: Array<{ destroy(): void }> = [];
    const proxy = createHttpServer();
    proxy.on('connect', (req, socket, head) => {
      connects.push(req.url ?? '');
      tunnels.push(socket);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const path = await kubeconfig(
        'proxy',
        {
          server: fake.url,
          'certificate-authority-data': fake.kubeConfig.getCurrentCluster()?.caData,
          'proxy-url': `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        },
        { token: fake.kubeConfig.getCurrentUser()?.token },
      );
      const client = new Client({ kubeConfig: readKubeConfig({ path }), qps: 0, maxRetries: 0 });
      await expect(client.list(builtinKinds.Namespace)).resolves.toMatchObject({ items: expect.any(Array) });
      expect(connects).toEqual([new URL(fake.url).host]);
      client.close();
    } finally {
      // tunnels are not the server's connections: client-node's proxy agent keeps them alive
      for (const t of tunnels) t.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('toClientNode gives client-node a KubeConfig of the same contexts, current context and credentials', async () => {
    const kubeConfig = readKubeConfig({ path: fake.kubeconfigPath, context: 'kubekit-restricted' });
    const clientNode = await kubeConfig.toClientNode();
    expect(clientNode.getCurrentContext()).toBe('kubekit-restricted');
    expect(clientNode.getContexts().map((c) => c.name)).toEqual([...kubeConfig.contexts.keys()]);
    using client = new Client({ kubeConfig: clientNode, qps: 0, maxRetries: 0 });
    await expect(client.list(builtinKinds.ConfigMap)).rejects.toMatchObject({ code: 403 });
  });
});
