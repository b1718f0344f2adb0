import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinKinds, Client } from '@kubekit/client';
import {
  isConflict,
  isNotFound,
  type MutatingWebhookConfiguration as V1MutatingWebhookConfiguration,
  type ValidatingWebhookConfiguration as V1ValidatingWebhookConfiguration,
  type AdmissionregistrationV1WebhookClientConfig as V1WebhookClientConfig,
} from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { TestEnvironmentError } from '../errors.js';
import { CertificateAuthority } from './certificateAuthority.js';

/** Options of {@link installWebhooks} (envtest's `WebhookInstallOptions`). */
export interface WebhookInstallOptions {
  /**
   * Validating webhook configurations to install, as in your manifests: each webhook's
   * `clientConfig` names its path (`service.path`, or the path of `url`) and is replaced by
   * `url: https://<host>:<port><path>` and the generated CA. @default []
   */
  validating?: readonly V1ValidatingWebhookConfiguration[];
  /** Mutating webhook configurations to install, the same way. @default [] */
  mutating?: readonly V1MutatingWebhookConfiguration[];
  /**
   * CRDs (by name, installed already) whose conversion goes to the webhook server: each gets
   * `spec.conversion: { strategy: 'Webhook' }` with `url: https://<host>:<port><path>` and the
   * generated CA; `uninstall()` puts their previous conversion back. @default none
   */
  conversion?: {
    /** The names of the CRDs, e.g. `widgets.example.com`. */
    crds: readonly string[];
    /** The path of the conversion webhook. @default '/convert' */
    path?: string;
  };
  /** The address the API server calls and the certificate is issued for. @default '127.0.0.1' */
  host?: string;
  /** The port of your webhook server. @default a free port, picked now */
  port?: number;
  /**
   * Where the serving certificate and key are written, as `tls.crt` and `tls.key` (point the
   * manager's `webhook.certDir` here). @default a new temporary folder, removed by `uninstall()`
   */
  certDir?: string;
}

/** Webhook configurations installed in a test API server, with the certificates of the local webhook server. */
export interface InstalledWebhooks extends AsyncDisposable {
  /** The address the API server calls. */
  readonly host: string;
  /** The port the webhook server must listen on. */
  readonly port: number;
  /** The folder of `tls.crt` and `tls.key` (the manager's `webhook.certDir`). */
  readonly certDir: string;
  /** The generated CA certificate (PEM) the API server trusts. */
  readonly caCert: string;
  /** Names of the installed configurations. */
  readonly validatingNames: readonly string[];
  /** Names of the installed mutating configurations. */
  readonly mutatingNames: readonly string[];
  /** Names of the CRDs whose conversion points at the webhook server. */
  readonly conversionCrds: readonly string[];
  /** Writes a new serving certificate and key (same CA) into `certDir`, as cert-manager rotates them. */
  rotateCertificate(): Promise<void>;
  /** Deletes the configurations from the server and the temporary certificate folder; idempotent. */
  uninstall(): Promise<void>;
}

const CRD_KIND = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' } as const;

/** Sets a CRD's `spec.conversion` (none: the server's default, `None`); returns the one it had. */
async function setConversion(client: Client, name: string, conversion: unknown): Promise<unknown> {
  for (;;) {
    const crd = (await client.get(CRD_KIND, name)) as { spec: Record<string, unknown> } & Record<string, unknown>;
    const previous = crd.spec.conversion;
    const spec = { ...crd.spec, conversion: conversion ?? { strategy: 'None' } };
    try {
      await client.update({ ...crd, spec } as Parameters<Client['update']>[0]);
      return previous;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
}

/** A free TCP port on `host`, picked by the system. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}

async function writePair(dir: string, pair: { cert: string; key: string }): Promise<void> {
  // each file appears whole (write, then rename); the server reloads once both are there
  await writeFile(join(dir, '.tls.key.tmp'), pair.key, { mode: 0o600 });
  await writeFile(join(dir, '.tls.crt.tmp'), pair.cert);
  await rename(join(dir, '.tls.key.tmp'), join(dir, 'tls.key'));
  await rename(join(dir, '.tls.crt.tmp'), join(dir, 'tls.crt'));
}

function localClientConfig(
  config: string,
  given: V1WebhookClientConfig | undefined,
  base: string,
  caBundle: string,
): V1WebhookClientConfig {
  const path = given?.service?.path ?? (given?.url ? new URL(given.url).pathname : undefined);
  if (!path?.startsWith('/')) {
    throw new TestEnvironmentError(
      'InvalidWebhook',
      `webhook configuration ${config}: a webhook's clientConfig names no path (service.path or url)`,
    );
  }
  return { url: `${base}${path}`, caBundle };
}

/**
 * Installs webhook configurations (and CRD conversion, with `conversion`) that point the API
 * server at a webhook server on loopback, as envtest does: generates a CA and a serving certificate for `host`, writes the certificate and key
 * into `certDir`, and creates the configurations with `url` and `caBundle` rewritten. Start your
 * manager with `webhook: { port, certDir }` (and `bindAddress: host`). All calls go through a
 * `Client` of `@kubekit/client`.
 * @throws {@link TestEnvironmentError} `InvalidWebhook` when a webhook names no path; the client's
 *   typed error when the server refuses a configuration
 */
export async function installWebhooks(
  kubeConfig: KubeConfig,
  options: WebhookInstallOptions = {},
): Promise<InstalledWebhooks> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const ownDir = options.certDir === undefined;
  const certDir = options.certDir ?? (await mkdtemp(join(tmpdir(), 'kubekit-webhook-certs-')));
  await mkdir(certDir, { recursive: true });
  const ca = new CertificateAuthority();
  const hosts = host === 'localhost' ? ['localhost', '127.0.0.1'] : [host, 'localhost'];
  await writePair(certDir, ca.issue(hosts));
  const caBundle = Buffer.from(ca.cert).toString('base64');
  const base = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const validating = (options.validating ?? []).map((c) => ({
    ...c,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    webhooks: (c.webhooks ?? []).map((w) => ({
      ...w,
      clientConfig: localClientConfig(String(c.metadata?.name), w.clientConfig, base, caBundle),
    })),
  }));
  const mutating = (options.mutating ?? []).map((c) => ({
    ...c,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    webhooks: (c.webhooks ?? []).map((w) => ({
      ...w,
      clientConfig: localClientConfig(String(c.metadata?.name), w.clientConfig, base, caBundle),
    })),
  }));
  const validatingNames = validating.map((c) => String(c.metadata?.name));
  const mutatingNames = mutating.map((c) => String(c.metadata?.name));
  const conversionCrds = options.conversion?.crds ?? [];
  const conversionUrl = `${base}${options.conversion?.path ?? '/convert'}`;
  const previousConversion = new Map<string, unknown>();
  let uninstalled = false;
  const uninstall = async () => {
    if (uninstalled) return;
    uninstalled = true;
    using client = new Client({ kubeConfig });
    const remove = async (
      kind: typeof builtinKinds.ValidatingWebhookConfiguration | typeof builtinKinds.MutatingWebhookConfiguration,
      name: string,
    ) => {
      try {
        await client.delete(kind, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    };
    try {
      for (const [name, conversion] of previousConversion) {
        await setConversion(client, name, conversion).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
      for (const name of validatingNames) await remove(builtinKinds.ValidatingWebhookConfiguration, name);
      for (const name of mutatingNames) await remove(builtinKinds.MutatingWebhookConfiguration, name);
    } finally {
      if (ownDir) await rm(certDir, { recursive: true, force: true });
    }
  };
  try {
    using client = new Client({ kubeConfig });
    for (const c of validating) await client.create(c as V1ValidatingWebhookConfiguration & { metadata: object });
    for (const c of mutating) await client.create(c as V1MutatingWebhookConfiguration & { metadata: object });
    for (const name of conversionCrds) {
      previousConversion.set(
        name,
        await setConversion(client, name, {
          strategy: 'Webhook',
          webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: conversionUrl, caBundle } },
        }),
      );
    }
  } catch (err) {
    await uninstall();
    throw err;
  }
  return {
    host,
    port,
    certDir,
    caCert: ca.cert,
    validatingNames,
    mutatingNames,
    conversionCrds,
    rotateCertificate: () => writePair(certDir, ca.issue(hosts)),
    uninstall,
    [Symbol.asyncDispose]: uninstall,
  };
}
