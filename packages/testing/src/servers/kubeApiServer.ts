import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, readKubeConfig } from '@kubekit/client';
import { isAlreadyExists, type UnstructuredObject } from '@kubekit/core';
import { KubeConfig } from '@kubernetes/client-node';
import { TestEnvironmentError, throwIfAborted } from '../errors.js';
import { CONTEXTS, type RunningServer } from './runningServer.js';
import { ServerProcess } from './serverProcess.js';

interface KubeApiServerOptions {
  assetsDir: string;
  dataDir: string;
  serverArgs: readonly string[];
  verbose: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

interface Ports {
  api: number;
  etcd: number;
  etcdPeer: number;
}

/**
 * The full kube-apiserver and etcd from a `KUBEBUILDER_ASSETS` folder (as installed by
 * controller-runtime's setup-envtest), with RBAC and static tokens for the admin and restricted users.
 */
export class KubeApiServer implements RunningServer {
  readonly backend = 'kube-apiserver' as const;
  readonly url: string;
  readonly kubeconfigPath: string;
  startMillis = 0;
  private etcd: ServerProcess | undefined;
  private apiserver: ServerProcess | undefined;

  private constructor(
    private readonly options: KubeApiServerOptions,
    private readonly ports: Ports,
    private readonly adminToken: string,
  ) {
    this.url = `https://127.0.0.1:${ports.api}`;
    this.kubeconfigPath = join(options.dataDir, 'kubeconfig');
  }

  static async start(options: KubeApiServerOptions): Promise<KubeApiServer> {
    for (const bin of ['etcd', 'kube-apiserver']) {
      try {
        await access(join(options.assetsDir, bin), constants.X_OK);
      } catch {
        throw new TestEnvironmentError('Unavailable', `KUBEBUILDER_ASSETS (${options.assetsDir}) has no ${bin} binary`);
      }
    }
    const ports = { api: await freePort(), etcd: await freePort(), etcdPeer: await freePort() };
    const tokens = { admin: randomBytes(24).toString('hex'), restricted: randomBytes(24).toString('hex') };
    await writeCredentials(options.dataDir, tokens);
    const server = new KubeApiServer(options, ports, tokens.admin);
    await server.launch(options.signal);
    await writeKubeconfig(server, tokens);
    await grantRestrictedAccess(server.kubeconfigPath);
    return server;
  }

  get etcdUrl(): string {
    return `http://127.0.0.1:${this.ports.etcd}`;
  }

  async compact(): Promise<number> {
    const etcd = `${this.etcdUrl}/v3/kv`;
    const range = await postJson(`${etcd}/range`, { key: Buffer.from('\0').toString('base64') });
    const revision = Number((range as { header?: { revision?: string } }).header?.revision ?? 0);
    await postJson(`${etcd}/compaction`, { revision: String(revision), physical: true });
    return revision;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch(undefined);
  }

  async stop(): Promise<void> {
    await this.apiserver?.stop();
    await this.etcd?.stop();
  }

  private async launch(signal: AbortSignal | undefined): Promise<void> {
    const { assetsDir, dataDir, verbose } = this.options;
    const started = Date.now();
    const etcdUrl = `http://127.0.0.1:${this.ports.etcd}`;
    const peerUrl = `http://127.0.0.1:${this.ports.etcdPeer}`;
    this.etcd = new ServerProcess(
      'etcd',
      join(assetsDir, 'etcd'),
      [
        `--data-dir=${join(dataDir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        '--unsafe-no-fsync',
      ],
      verbose,
    );
    this.apiserver = new ServerProcess(
      'kube-apiserver',
      join(assetsDir, 'kube-apiserver'),
      [
        `--etcd-servers=${etcdUrl}`,
        `--cert-dir=${join(dataDir, 'certs')}`,
        `--secure-port=${this.ports.api}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--token-auth-file=${join(dataDir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=${this.url}`,
        `--service-account-key-file=${join(dataDir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dataDir, 'sa.key')}`,
        // Room for tens of thousands of Services (a /24 allows 254).
        '--service-cluster-ip-range=10.0.0.0/16',
        // 1.37 refuses to advertise a loopback address through the endpoint reconciler.
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        '--disable-admission-plugins=ServiceAccount',
        ...this.options.serverArgs,
      ],
      verbose,
    );
    try {
      await this.waitReady(signal);
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.startMillis = Date.now() - started;
  }

  private async waitReady(signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    using probe = readinessClient(this.url, this.adminToken);
    for (;;) {
      throwIfAborted(signal, 'starting kube-apiserver');
      for (const proc of [this.etcd, this.apiserver]) {
        if (proc && !proc.running) {
          throw new TestEnvironmentError(
            'StartFailed',
            `${proc.name} exited before the API server was ready\n--- ${proc.name} log ---\n${proc.stderrTail()}`,
          );
        }
      }
      if (await isReady(probe)) return;
      if (Date.now() > deadline) {
        throw new TestEnvironmentError(
          'Timeout',
          `kube-apiserver not ready after ${this.options.timeoutMs} ms\n--- kube-apiserver log ---\n${this.apiserver?.stderrTail()}`,
        );
      }
      await sleep(100);
    }
  }
}

async function writeCredentials(dataDir: string, tokens: { admin: string; restricted: string }): Promise<void> {
  await mkdir(join(dataDir, 'certs'), { recursive: true });
  await writeFile(
    join(dataDir, 'tokens.csv'),
    `${tokens.admin},kubekit-admin,kubekit-admin,"system:masters"\n${tokens.restricted},kubekit-restricted,kubekit-restricted\n`,
    { mode: 0o600 },
  );
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(join(dataDir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(dataDir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

/** Writes a kubeconfig whose CA is the bundle kube-apiserver generated for itself in --cert-dir. */
async function writeKubeconfig(server: KubeApiServer, tokens: { admin: string; restricted: string }): Promise<void> {
  const ca = await readFile(join(server.kubeconfigPath, '..', 'certs', 'apiserver.crt'));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'kubekit', server: server.url, caData: ca.toString('base64') }],
    users: [
      { name: 'kubekit-admin', token: tokens.admin },
      { name: 'kubekit-restricted', token: tokens.restricted },
    ],
    contexts: [
      { name: CONTEXTS.admin, cluster: 'kubekit', user: 'kubekit-admin' },
      { name: CONTEXTS.restricted, cluster: 'kubekit', user: 'kubekit-restricted' },
    ],
    currentContext: CONTEXTS.admin,
  });
  await writeFile(server.kubeconfigPath, kc.exportConfig(), { mode: 0o600 });
}

/** A free TCP port on loopback (the OS picks it; the listener is closed again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A client for the readiness probe, before the kubeconfig exists: the admin token, and any
 * certificate trusted (kube-apiserver generates its own in --cert-dir as it starts; loopback only).
 * One attempt of at most 2 s per probe.
 */
function readinessClient(url: string, token: string): Client {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'probe', server: url, skipTLSVerify: true }],
    users: [{ name: 'probe', token }],
    contexts: [{ name: 'probe', cluster: 'probe', user: 'probe' }],
    currentContext: 'probe',
  });
  return new Client({ kubeConfig, maxRetries: 0, requestTimeoutMs: 2_000, qps: 0 });
}

/** Whether `/readyz` answers 200; any failure (no listener yet, 500 while starting) is "not yet". */
async function isReady(client: Client): Promise<boolean> {
  return client.getRaw('/readyz').then(
    () => true,
    () => false,
  );
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The restricted user's RBAC, as the harness sets it: besides what every authenticated user may
 * (discovery, `/version`, health), it may read CustomResourceDefinitions.
 */
async function grantRestrictedAccess(kubeconfigPath: string): Promise<void> {
  using client = new Client({ kubeConfig: readKubeConfig({ path: kubeconfigPath }) });
  const metadata = { name: 'kubekit-restricted' };
  const objects: UnstructuredObject[] = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata,
      rules: [
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubekit-restricted' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kubekit-restricted' }],
    },
  ];
  for (const object of objects) {
    try {
      await client.create(object);
    } catch (err) {
      if (isAlreadyExists(err)) continue;
      throw new TestEnvironmentError(
        'StartFailed',
        `granting the restricted user its access: creating ${object.kind} ${metadata.name} failed: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}
