/**
 * What `kubekit webhook generate` and `kubekit crd generate --conversion-*` write is accepted by
 * the real kube-apiserver: each generated object is created with `dryRun=All` through `Client`
 * (validated and admitted, nothing stored, so the shared server is left as it was), and what the
 * server answers still carries our settings.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import { type KubeObject, parseManifests } from '@kubekit/core';
import { webhookConversion } from '@kubekit/crd';
import { CertificateAuthority } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';
import { Sprocket } from '../support/webhookModules.js';
import { kubekit, withScratchDir } from './crdTestSupport.js';

const MODULE = 'test/support/webhookModules.ts';
const caBase64 = (pem: string) => Buffer.from(pem).toString('base64');

type Configuration = KubeObject & { webhooks: Record<string, unknown>[] };
type Crd = KubeObject & { spec: { conversion?: unknown } };

describeReal('generated webhook manifests on the real API server', () => {
  const ca = new CertificateAuthority();
  let client: Client;

  beforeAll(() => {
    client = new Client({ kubeConfig: realServer().kubeConfig() });
  });

  /** `args` run with a CA bundle file; the objects written. */
  const generate = (args: string[]) =>
    withScratchDir(async (dir) => {
      const caFile = join(dir, 'ca.crt');
      await writeFile(caFile, ca.cert);
      const run = await kubekit([...args, '--ca-bundle', caFile]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return parseManifests(run.stdout);
    });

  it.each([
    ['a Service', ['--service', 'example-system/example-webhooks:8443']],
    ['a URL', ['--url', 'https://127.0.0.1:9443']],
  ])('accepts the validating and mutating configurations pointing at %s', async (_, target) => {
    const objects = await generate(['webhook', 'generate', MODULE, ...target, '--name', 'kubekit-cli-test']);
    expect(objects.map((o) => o.kind)).toEqual(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
    for (const object of objects as Configuration[]) {
      const created = (await client.create(object, { dryRun: true })) as Configuration;
      expect(created.metadata?.name).toBe('kubekit-cli-test');
      expect(created.webhooks).toHaveLength(object.webhooks.length);
      created.webhooks.forEach((stored, i) => {
        // the server fills in defaults (matchPolicy, empty selectors, the Service's port 443); ours are kept
        expect(stored).toMatchObject(object.webhooks[i] as object);
        expect(stored.clientConfig).toMatchObject({ caBundle: caBase64(ca.cert) });
      });
    }
    const [validating] = objects as Configuration[];
    expect(validating?.webhooks[1]).toMatchObject({
      name: 'vsprocket.webhook-cli-test.kubekit.dev',
      failurePolicy: 'Ignore',
      sideEffects: 'NoneOnDryRun',
      timeoutSeconds: 3,
    });
  });

  it('accepts the CRD with the Webhook conversion written by crd generate --conversion-service', async () => {
    const [crd] = (await generate([
      'crd',
      'generate',
      MODULE,
      '--conversion-service',
      'example-system/example-webhooks:8443',
      '--conversion-path',
      '/convert-sprockets',
    ])) as Crd[];
    const created = (await client.create(crd as Crd, { dryRun: true })) as Crd;
    expect(created.metadata?.name).toBe('sprockets.webhook-cli-test.kubekit.dev');
    expect(created.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: {
          service: { namespace: 'example-system', name: 'example-webhooks', port: 8443, path: '/convert-sprockets' },
          caBundle: caBase64(ca.cert),
        },
      },
    });
  });

  it('accepts a CRD whose conversion is webhookConversion({ url, caBundle }) (the object API)', async () => {
    const conversion = webhookConversion({ url: 'https://127.0.0.1:9443', caBundle: ca.cert });
    const crd = { ...Sprocket.crd, spec: { ...Sprocket.crd.spec, conversion } };
    const created = (await client.create(crd as unknown as Crd, { dryRun: true })) as Crd;
    expect(created.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: { url: 'https://127.0.0.1:9443/convert', caBundle: caBase64(ca.cert) },
      },
    });
  });
});
