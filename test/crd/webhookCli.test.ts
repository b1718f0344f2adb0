/**
 * `kubekit webhook generate` and `kubekit crd generate --conversion-*`, run as child processes on
 * a module written as an operator author writes it (`test/support/webhookModules.ts`): the
 * configurations of its `defineWebhooks` exports, the conversion stanza of its multi-version
 * CRD, and the exit codes and messages of usage errors (2) and failures (1).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseManifests } from '@kubekit/core';
import { CertificateAuthority } from '@kubekit/testing';
import { kubekit, withScratchDir } from './crdTestSupport.js';

const MODULE = 'test/support/webhookModules.ts';
const ca = new CertificateAuthority();
const caBase64 = Buffer.from(ca.cert).toString('base64');

const sprocketRule = {
  operations: ['CREATE', 'UPDATE'],
  apiGroups: ['webhook-cli-test.kubekit.dev'],
  apiVersions: ['v1'],
  resources: ['sprockets'],
};

describe('kubekit webhook generate (CLI)', () => {
  it('writes one configuration of each type for every declared webhook (exports in name order), with their settings', async () => {
    await withScratchDir(async (dir) => {
      const caFile = join(dir, 'ca.crt');
      await writeFile(caFile, ca.cert);
      const out = join(dir, 'webhooks.yaml');
      const run = await kubekit([
        'webhook',
        'generate',
        MODULE,
        '--service',
        'example-system/example-webhooks:8443',
        '--ca-bundle',
        caFile,
        '--name',
        'example',
        '-o',
        out,
      ]);
      expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
      const service = (path: string) => ({
        service: { namespace: 'example-system', name: 'example-webhooks', port: 8443, path },
        caBundle: caBase64,
      });
      expect(parseManifests(await readFile(out, 'utf8'))).toEqual([
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'example' },
          webhooks: [
            {
              name: 'vsecret.webhook-cli-test.kubekit.dev',
              rules: [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['secrets'] }],
              clientConfig: service('/validate--v1-secret'),
              failurePolicy: 'Fail',
              sideEffects: 'None',
              timeoutSeconds: 10,
              admissionReviewVersions: ['v1'],
            },
            {
              name: 'vsprocket.webhook-cli-test.kubekit.dev',
              rules: [sprocketRule],
              clientConfig: service('/validate-webhook-cli-test-kubekit-dev-v1-sprocket'),
              failurePolicy: 'Ignore',
              sideEffects: 'NoneOnDryRun',
              timeoutSeconds: 3,
              admissionReviewVersions: ['v1'],
              namespaceSelector: { matchLabels: { 'webhook-cli-test': 'on' } },
              objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
            },
          ],
        },
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'MutatingWebhookConfiguration',
          metadata: { name: 'example' },
          webhooks: [
            {
              name: 'mconfigmap.webhook-cli-test.kubekit.dev',
              rules: [
                { operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] },
              ],
              clientConfig: service('/mutate--v1-configmap'),
              failurePolicy: 'Fail',
              sideEffects: 'None',
              timeoutSeconds: 10,
              admissionReviewVersions: ['v1'],
              reinvocationPolicy: 'Never',
            },
          ],
        },
      ]);
    });
  });

  it('points the webhooks at a URL, and names the configurations webhook-configuration by default', async () => {
    const run = await kubekit(['webhook', 'generate', MODULE, '--url', 'https://10.0.0.5:9443']);
    expect(run.stderr).toBe('');
    const [validating, mutating] = parseManifests(run.stdout) as { metadata: { name: string }; webhooks: [] }[];
    expect(validating?.metadata.name).toBe('webhook-configuration');
    expect(mutating?.webhooks).toMatchObject([{ clientConfig: { url: 'https://10.0.0.5:9443/mutate--v1-configmap' } }]);
    expect(run.stdout).not.toContain('caBundle');
  });

  it('prints help naming the command and its options', async () => {
    const top = await kubekit(['--help']);
    expect(top.stdout).toContain('webhook');
    const help = await kubekit(['webhook', 'generate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kubekit webhook generate [options] <modules...>');
    for (const option of ['--service <ns/name[:port]>', '--url <url>', '--ca-bundle <file>', '--name <name>']) {
      expect(help.stdout).toContain(option);
    }
  });

  it('exits 2 on usage errors, naming what was wrong', async () => {
    const cases: [string[], string][] = [
      [[], 'give either --service or --url'],
      [['--service', 'a/b', '--url', 'https://x'], 'give either --service or --url'],
      [['--service', 'just-a-name'], "option '--service <ns/name[:port]>' argument 'just-a-name' is invalid"],
      [['--service', 'a/b:70000'], 'expected <namespace>/<name>[:<port>]'],
      [['--url', 'http://10.0.0.5:9443'], 'http://10.0.0.5:9443 is not a base URL https://host[:port]'],
      [['--url', 'https://10.0.0.5/hooks'], 'is not a base URL'],
      [['--service', 'a/b', '--colour', 'red'], "unknown option '--colour'"],
    ];
    for (const [args, message] of cases) {
      const run = await kubekit(['webhook', 'generate', MODULE, ...args]);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toContain(message);
    }
    const noModule = await kubekit(['webhook', 'generate', '--service', 'a/b']);
    expect(noModule.code).toBe(2);
    expect(noModule.stderr).toContain("missing required argument 'modules'");
  });

  it('exits 1 on failures: a module without webhooks, a setup that uses the manager, an unreadable CA', async () => {
    const none = await kubekit(['webhook', 'generate', 'test/support/crdResources.ts', '--service', 'a/b']);
    expect(none).toEqual({
      code: 1,
      stdout: '',
      stderr: 'kubekit: test/support/crdResources.ts exports no defineWebhooks result\n',
    });
    const misuse = await kubekit(['webhook', 'generate', 'test/support/webhookModuleMisuse.ts', '--service', 'a/b']);
    expect(misuse.code).toBe(1);
    expect(misuse.stderr).toBe(
      'kubekit: the webhook setup used mgr.client; while manifests are written only mgr.webhookServer exists (use other members inside handlers)\n',
    );
    const missing = await kubekit(['webhook', 'generate', 'src/no-such-module.ts', '--service', 'a/b']);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'kubekit: cannot import src/no-such-module.ts: no such file\n',
    });
    const noCa = await kubekit(['webhook', 'generate', MODULE, '--service', 'a/b', '--ca-bundle', 'no/such/ca.crt']);
    expect(noCa.code).toBe(1);
    expect(noCa.stderr).toContain('kubekit: cannot read the CA bundle no/such/ca.crt: ENOENT');
    const notPem = await kubekit(['webhook', 'generate', MODULE, '--service', 'a/b', '--ca-bundle', MODULE]);
    expect(notPem).toMatchObject({ code: 1, stderr: `kubekit: ${MODULE} holds no PEM certificate\n` });
  });
});

describe('kubekit crd generate --conversion-* (CLI)', () => {
  it('gives CRDs with several versions a Webhook conversion, and leaves CRDs with one version alone', async () => {
    await withScratchDir(async (dir) => {
      const caFile = join(dir, 'ca.crt');
      await writeFile(caFile, ca.cert);
      const run = await kubekit([
        'crd',
        'generate',
        MODULE,
        'test/support/crdResources.ts',
        '--conversion-service',
        'example-system/example-webhooks',
        '--ca-bundle',
        caFile,
      ]);
      expect(run.stderr).toBe('');
      const crds = parseManifests(run.stdout) as { metadata: { name: string }; spec: { conversion?: unknown } }[];
      const conversion = {
        strategy: 'Webhook',
        webhook: {
          conversionReviewVersions: ['v1'],
          clientConfig: {
            service: { namespace: 'example-system', name: 'example-webhooks', path: '/convert' },
            caBundle: caBase64,
          },
        },
      };
      expect(crds.map((c) => [c.metadata.name, c.spec.conversion])).toEqual([
        ['sprockets.webhook-cli-test.kubekit.dev', conversion],
        ['doohickeys.crd-test.kubekit.dev', conversion],
        ['gizmoes.crd-test.kubekit.dev', undefined],
      ]);
    });
  });

  it('takes a URL and a path instead', async () => {
    const run = await kubekit([
      'crd',
      'generate',
      MODULE,
      '--conversion-url',
      'https://10.0.0.5:9443/',
      '--conversion-path',
      '/convert-sprockets',
    ]);
    expect(run.stderr).toBe('');
    const [crd] = parseManifests(run.stdout) as { spec: { conversion?: unknown } }[];
    expect(crd?.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://10.0.0.5:9443/convert-sprockets' } },
    });
  });

  it('exits 2 on conflicting or incomplete conversion options', async () => {
    const both = await kubekit([
      'crd',
      'generate',
      MODULE,
      '--conversion-service',
      'a/b',
      '--conversion-url',
      'https://x',
    ]);
    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubekit: give either --conversion-service or --conversion-url, not both\n',
    });
    const caOnly = await kubekit(['crd', 'generate', MODULE, '--ca-bundle', 'ca.crt']);
    expect(caOnly).toMatchObject({
      code: 2,
      stderr: 'kubekit: --ca-bundle needs --conversion-service or --conversion-url\n',
    });
    const badPath = await kubekit(['crd', 'generate', MODULE, '--conversion-service', 'a/b', '--conversion-path', 'x']);
    expect(badPath).toMatchObject({ code: 2, stderr: 'kubekit: --conversion-path x does not start with /\n' });
  });
});
