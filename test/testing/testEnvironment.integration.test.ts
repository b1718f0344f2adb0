/**
 * A TestEnvironment of its own (not the shared one): the life cycle a test relies on — CRDs from a
 * file, webhook configurations pointing at a local URL with a CA it made, etcd compaction that makes
 * old resourceVersions 410 Gone, restart with the same data, and stop that removes everything.
 */
import { X509Certificate } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { defineKind, type UnstructuredObject } from '@kubekit/core';
import { FakeApiServer, type TestApiServer, TestEnvironment } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal } from '../support/realServer.js';

const WIDGETS = '/apis/test.kubekit.dev/v1/namespaces/lifecycle/widgets';
const Widget = defineKind<UnstructuredObject>({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget' });
const widget = (name: string) => ({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name } });

/** A fixture written once against `TestApiServer`: it runs on a real and on an in-memory server alike. */
async function widgetFixture(server: TestApiServer, namespace: string) {
  const [crd] = await server.installCrds([FIXTURE_CRDS]);
  using client = new Client({ kubeConfig: server.kubeConfig, maxRetries: 0 });
  const created = await client.create(widget('fixture'), { namespace });
  using restricted = new Client({ kubeConfig: server.kubeConfigFor('restricted'), maxRetries: 0 });
  const denied = await restricted.list(Widget, { namespace }).catch((e: unknown) => e);
  return {
    crd: crd?.metadata.name,
    created: created.metadata.name,
    denied: (denied as { code?: number }).code,
    compactedTo: (await server.compact()) > 0,
  };
}

describeReal('TestEnvironment life cycle', () => {
  let env: TestEnvironment;
  let client: Client;
  // Without the watch cache every list and watch reaches etcd, so compaction is visible at once.
  beforeAll(async () => {
    env = await TestEnvironment.start({
      crds: [FIXTURE_CRDS],
      serverArgs: ['--watch-cache=false'],
      webhooks: {
        validating: [
          {
            metadata: { name: 'lifecycle-widgets' },
            webhooks: [
              {
                name: 'vwidget.test.kubekit.dev',
                rules: [
                  {
                    operations: ['CREATE'],
                    apiGroups: ['test.kubekit.dev'],
                    apiVersions: ['v1'],
                    resources: ['widgets'],
                  },
                ],
                clientConfig: { service: { namespace: 'system', name: 'webhooks', path: '/validate-widgets' } },
                // no namespace has this label: the API server never calls it here
                namespaceSelector: { matchLabels: { 'webhook-test': 'never' } },
                sideEffects: 'None',
                admissionReviewVersions: ['v1'],
              },
            ],
          },
        ],
      },
    });
    client = new Client({ kubeConfig: env.kubeConfig, maxRetries: 0 }).inNamespace('lifecycle');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lifecycle' } });
  });
  afterAll(async () => {
    client?.close();
    await env?.stop();
  });

  it('starts with the CRDs of a file installed and a kubeconfig for both users', async () => {
    expect(env.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env.startMillis).toBeGreaterThan(0);
    expect((await client.create(widget('a'))).metadata.uid).toBeTruthy();
    using restricted = new Client({ kubeConfig: env.kubeConfigFor('restricted') });
    await expect(restricted.list(Widget, { namespace: 'lifecycle' })).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
    });
  });

  it('installs webhook configurations calling a local URL, trusting a CA whose serving pair is on disk', async () => {
    const hooks = env.webhooks;
    if (!hooks) throw new Error('webhooks were installed at start');
    using admin = new Client({ kubeConfig: env.kubeConfig });
    const config = await admin.get(builtinKinds.ValidatingWebhookConfiguration, 'lifecycle-widgets');
    const clientConfig = config.webhooks?.[0]?.clientConfig;
    expect(clientConfig?.url).toBe(`https://127.0.0.1:${hooks.port}/validate-widgets`);
    expect(clientConfig?.service).toBeUndefined();
    expect(Buffer.from(clientConfig?.caBundle ?? '', 'base64').toString()).toBe(hooks.caCert);
    const serving = new X509Certificate(await readFile(join(hooks.certDir, 'tls.crt')));
    expect(serving.verify(new X509Certificate(hooks.caCert).publicKey)).toBe(true);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('compacts etcd so that a list at an older resourceVersion is 410 Gone (Expired)', async () => {
    const oldRv = (await client.create(widget('b'))).metadata.resourceVersion;
    await client.create(widget('c'));
    const exactOld = `${WIDGETS}?resourceVersion=${oldRv}&resourceVersionMatch=Exact`;
    expect(await client.getRaw(exactOld)).toMatchObject({ kind: 'WidgetList' });
    const revision = await env.compact();
    expect(revision).toBeGreaterThan(Number(oldRv));
    await expect(client.getRaw(exactOld)).rejects.toMatchObject({
      name: 'GoneError',
      code: 410,
      status: { kind: 'Status', reason: 'Expired', code: 410 },
    });
  });

  it('gives the URL of its etcd, which answers as etcd', async () => {
    expect(env.etcdUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const version = (await (await fetch(`${env.etcdUrl}/version`)).json()) as { etcdserver?: string };
    expect(version.etcdserver).toMatch(/^3\./);
  });

  it('restarts on the same port with the same objects and credentials', async () => {
    const before = await client.get(Widget, 'a');
    const url = env.url;
    await env.restart();
    expect(env.url).toBe(url);
    // a client made after the restart: the old one's pooled connections went with the old process
    using after = new Client({ kubeConfig: env.kubeConfig });
    expect(await after.get(Widget, 'a', { namespace: 'lifecycle' })).toEqual(before);
  });

  it('is a TestApiServer: a fixture written for FakeApiServer runs on it unchanged', async () => {
    await using fake = await FakeApiServer.start({ tls: false });
    const onFake = await widgetFixture(fake, 'default');
    const onReal = await widgetFixture(env, 'lifecycle');
    const expected = { crd: 'widgets.test.kubekit.dev', created: 'fixture', denied: 403, compactedTo: true };
    expect(onFake).toEqual(expected);
    expect(onReal).toEqual(expected);
  });

  it('stops: the data directory is gone and the environment refuses further use', async () => {
    const dataDir = dirname(env.kubeconfigPath);
    const certDir = env.webhooks?.certDir ?? '';
    await env.stop();
    await expect(access(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(access(certDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => env.kubeConfig).toThrow(expect.objectContaining({ reason: 'Stopped' }));
    await expect(env.stop()).resolves.toBeUndefined();
  });
});
