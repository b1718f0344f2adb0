/**
 * Admission webhooks called by the real kube-apiserver: a manager serves a validator and a
 * defaulter of ConfigMaps (`webhookFor`), `installWebhooks` points the server at it with a CA it
 * made, and a client sees what a user sees: denials with our message, warnings, stored defaults.
 * The configurations select only this file's namespace and labelled objects, so the other suites
 * sharing the server are not affected; they are removed afterwards.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import {
  type ApiError,
  type ConfigMap as ConfigMapObject,
  isApiError,
  type MutatingWebhookConfiguration,
  silentLogger,
  type ValidatingWebhookConfiguration,
} from '@kubekit/core';
import { Admission, type AdmissionRequest, Manager, type RegisteredWebhooks, webhookFor } from '@kubekit/manager';
import { type InstalledWebhooks, installWebhooks, type TestNamespace } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';

const { ConfigMap } = builtinKinds;
const LABEL = 'webhook-test.kubekit.dev/admit';

describeReal('admission webhooks on the real API server', () => {
  let ns: TestNamespace;
  let hooks: InstalledWebhooks;
  let down: InstalledWebhooks;
  let mgr: Manager;
  let paths: RegisteredWebhooks;
  const stop = new AbortController();
  let running: Promise<void>;
  let client: Client;
  const warnings: string[] = [];
  const seen: AdmissionRequest<ConfigMapObject>[] = [];

  const rule = { apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] };
  function selectors(value: string) {
    return {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns.name } },
      objectSelector: { matchLabels: { [LABEL]: value } },
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      timeoutSeconds: 5,
    };
  }

  function configMap(name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}) {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns.name, labels: { [LABEL]: 'yes', ...labels } },
      data,
    } as const;
  }

  async function refusal(write: Promise<unknown>): Promise<ApiError> {
    const error = await write.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isApiError(error)) throw new Error(`expected an API error, got ${String(error)}`);
    return error;
  }

  beforeAll(async () => {
    ns = await realServer().namespace('webhooks');
    const kc = realServer().kubeConfig();
    client = new Client({ kubeConfig: kc, onWarning: (w) => warnings.push(w) });
    const validating: ValidatingWebhookConfiguration = {
      metadata: { name: `validate-${ns.name}` },
      webhooks: [
        {
          name: 'vconfigmap.kubekit.dev',
          rules: [{ operations: ['CREATE', 'UPDATE', 'DELETE'], ...rule }],
          clientConfig: { service: { name: 'webhooks', namespace: 'system', path: '/validate--v1-configmap' } },
          failurePolicy: 'Fail',
          ...selectors('yes'),
        },
      ],
    };
    const mutating: MutatingWebhookConfiguration = {
      metadata: { name: `mutate-${ns.name}` },
      webhooks: [
        {
          name: 'mconfigmap.kubekit.dev',
          rules: [{ operations: ['CREATE', 'UPDATE'], ...rule }],
          clientConfig: { service: { name: 'webhooks', namespace: 'system', path: '/mutate--v1-configmap' } },
          failurePolicy: 'Fail',
          reinvocationPolicy: 'Never',
          ...selectors('yes'),
        },
      ],
    };
    hooks = await installWebhooks(kc, { validating: [validating], mutating: [mutating] });
    // a second port where nothing listens: the webhook server is down for these two
    down = await installWebhooks(kc, {
      validating: [
        {
          metadata: { name: `down-${ns.name}` },
          webhooks: [
            {
              name: 'fail.down.kubekit.dev',
              rules: [{ operations: ['CREATE'], ...rule }],
              clientConfig: { url: 'https://unused/validate' },
              failurePolicy: 'Fail',
              ...selectors('down-fail'),
            },
            {
              name: 'ignore.down.kubekit.dev',
              rules: [{ operations: ['CREATE'], ...rule }],
              clientConfig: { url: 'https://unused/validate' },
              failurePolicy: 'Ignore',
              ...selectors('down-ignore'),
            },
          ],
        },
      ],
    });
    mgr = new Manager({
      kubeConfig: kc,
      logger: silentLogger,
      webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir, certPollIntervalMs: 100 },
      healthProbePort: 0,
      bindAddress: '127.0.0.1',
    });
    paths = webhookFor(mgr, ConfigMap)
      .defaulter((cm, req) => {
        seen.push(req);
        if (cm.metadata?.labels?.defaults === 'size') {
          cm.data = { size: '1', ...cm.data };
          return ['size defaulted to 1'];
        }
        return undefined;
      })
      .validator({
        create: (cm, req) => {
          seen.push(req);
          if (cm.metadata?.name?.startsWith('denied-'))
            return Admission.denied(`name ${cm.metadata.name} is not allowed`);
          if (cm.data?.legacy !== undefined) return Admission.allowed({ warnings: ['data.legacy is deprecated'] });
          return undefined;
        },
        update: (cm, old) =>
          old.data?.frozen !== undefined && cm.data?.frozen !== old.data.frozen
            ? Admission.denied(`frozen was ${old.data.frozen} and stays so`)
            : undefined,
        delete: (cm) =>
          cm.metadata?.labels?.protected === 'yes'
            ? Admission.denied(`${cm.metadata.name} is protected (owner ${cm.data?.owner})`)
            : undefined,
      })
      .complete();
    running = mgr.start(stop.signal);
    await mgr.webhookServer.port;
    // the API server sees new configurations through a watch: wait until ours is in force
    for (;;) {
      const e = await client.create(configMap('denied-probe'), { dryRun: true }).then(
        () => undefined,
        (err: unknown) => err,
      );
      if (e !== undefined) break;
    }
    for (;;) {
      const probe = await client.create(configMap('probe', {}, { defaults: 'size' }), { dryRun: true });
      if (probe.data?.size === '1') break;
    }
    for (;;) {
      const refused = await client.create(configMap('probe', {}, { [LABEL]: 'down-fail' }), { dryRun: true }).then(
        () => false,
        () => true,
      );
      if (refused) break;
    }
  });

  afterAll(async () => {
    await hooks?.uninstall();
    await down?.uninstall();
    stop.abort();
    await running;
    client?.close();
    await ns?.cleanup();
  });

  it('registers the default controller-runtime paths', () => {
    expect(paths).toEqual({ mutatePath: '/mutate--v1-configmap', validatePath: '/validate--v1-configmap' });
  });

  it("a validator's denial reaches the client with our message", async () => {
    const error = await refusal(client.create(configMap('denied-one')));
    expect(error.code).toBe(403);
    expect(error.status.message).toBe(
      'admission webhook "vconfigmap.kubekit.dev" denied the request: name denied-one is not allowed',
    );
    await expect(client.get(ConfigMap, 'denied-one', { namespace: ns.name })).rejects.toMatchObject({
      reason: 'NotFound',
    });
  });

  it("a validator's warnings reach the client", async () => {
    warnings.length = 0;
    await client.create(configMap('legacy', { legacy: 'x' }));
    expect(warnings).toContain('data.legacy is deprecated');
  });

  it("a defaulter's change is stored, and a dry run is marked as one", async () => {
    warnings.length = 0;
    seen.length = 0;
    await client.create(configMap('sized', {}, { defaults: 'size' }), { dryRun: true });
    expect(seen.map((r) => [r.operation, r.name, r.dryRun])).toContainEqual(['CREATE', 'sized', true]);
    const stored = await client.create(configMap('sized', { other: 'y' }, { defaults: 'size' }));
    expect(stored.data).toEqual({ size: '1', other: 'y' });
    expect((await client.get(ConfigMap, 'sized', { namespace: ns.name })).data).toEqual({ size: '1', other: 'y' });
    expect(warnings).toContain('size defaulted to 1');
    expect(seen.map((r) => [r.operation, r.name, r.dryRun])).toContainEqual(['CREATE', 'sized', false]);
  });

  it('a defaulter that changes nothing sends no patch', async () => {
    const port = await mgr.webhookServer.port;
    const ca = hooks.caCert;
    const body = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'no-change',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        operation: 'CREATE',
        userInfo: {},
        object: configMap('plain', { a: 'b' }),
      },
    });
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: hooks.host,
          port,
          path: paths.mutatePath,
          method: 'POST',
          ca,
          agent: false,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(JSON.parse(answer).response).toEqual({ uid: 'no-change', allowed: true });
  });

  it('an update validator sees the old object', async () => {
    await client.create(configMap('frozen', { frozen: 'blue' }));
    const current = await client.get(ConfigMap, 'frozen', { namespace: ns.name });
    const error = await refusal(client.update({ ...current, data: { frozen: 'red' } }));
    expect(error.status.message).toBe(
      'admission webhook "vconfigmap.kubekit.dev" denied the request: frozen was blue and stays so',
    );
    const updated = await client.update({ ...current, data: { frozen: 'blue', more: '1' } });
    expect(updated.data).toEqual({ frozen: 'blue', more: '1' });
  });

  it('a delete validator sees the object being deleted', async () => {
    await client.create(configMap('guarded', { owner: 'team-a' }, { protected: 'yes' }));
    const error = await refusal(client.delete(ConfigMap, 'guarded', { namespace: ns.name }));
    expect(error.status.message).toBe(
      'admission webhook "vconfigmap.kubekit.dev" denied the request: guarded is protected (owner team-a)',
    );
    await client.create(configMap('unguarded', { owner: 'team-b' }));
    await client.delete(ConfigMap, 'unguarded', { namespace: ns.name });
  });

  it('with the webhook server down, failurePolicy Fail refuses and Ignore admits', async () => {
    const error = await refusal(client.create(configMap('down-a', {}, { [LABEL]: 'down-fail' })));
    expect(error.code).toBe(500);
    expect(error.status.message).toContain('failed calling webhook "fail.down.kubekit.dev"');
    const admitted = await client.create(configMap('down-b', {}, { [LABEL]: 'down-ignore' }));
    expect(admitted.metadata?.name).toBe('down-b');
  });

  it('serves a rotated certificate without a restart, and the API server keeps calling it', async () => {
    const port = await mgr.webhookServer.port;
    const served = () =>
      new Promise<string>((resolve, reject) => {
        const s = connect({ host: hooks.host, port, ca: hooks.caCert }, () => {
          const fp = s.getPeerX509Certificate()?.fingerprint256 ?? '';
          s.end();
          resolve(fp);
        });
        s.on('error', reject);
      });
    const before = await served();
    await hooks.rotateCertificate();
    const expected = new X509Certificate(await readFile(join(hooks.certDir, 'tls.crt'))).fingerprint256;
    expect(expected).not.toBe(before);
    let now = before;
    while (now !== expected) now = await served();
    const error = await refusal(client.create(configMap('denied-after-rotation')));
    expect(error.status.message).toContain('name denied-after-rotation is not allowed');
  });

  it("reports ready through the 'webhook' readiness check once serving", async () => {
    const port = await mgr.healthProbePort;
    const res = await fetch(`http://127.0.0.1:${port}/readyz?verbose`);
    expect(await res.text()).toContain('[+]webhook ok');
  });

  it('counts requests in controller-runtime metrics', async () => {
    const text = await mgr.metrics.registry.getSingleMetricAsString('controller_runtime_webhook_requests_total');
    expect(text).toMatch(/\{webhook="\/validate--v1-configmap",code="200"\} [1-9]/);
    expect(text).toMatch(/\{webhook="\/mutate--v1-configmap",code="200"\} [1-9]/);
  });
});
