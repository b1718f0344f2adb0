/**
 * Webhook configurations written from what `webhookFor` declared, as controller-gen writes them
 * from markers: rules from the kind and the validator's operations, the settings given or their
 * defaults, a clientConfig naming the Service (or a URL) and the path. No API server: manifests
 * are written without a cluster.
 */
import { describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import { isInvalidInput } from '@kubekit/core';
import { Admission, admissionWebhookConfigurations, webhookFor } from '@kubekit/manager';
import {
  configMapGeneratorWebhooks,
  webhookConfigurations,
} from '../../packages/examples/src/configMapGeneratorWebhooks.js';
import { offlineManager } from '../support/offlineManager.js';

describe('admissionWebhookConfigurations', () => {
  it("writes the example operator's configurations", () => {
    const mgr = offlineManager();
    configMapGeneratorWebhooks(mgr);
    const rules = [
      {
        operations: ['CREATE', 'UPDATE'],
        apiGroups: ['example.kubekit.dev'],
        apiVersions: ['v1'],
        resources: ['configmapgenerators'],
      },
    ];
    const common = { failurePolicy: 'Fail', sideEffects: 'None', timeoutSeconds: 5, admissionReviewVersions: ['v1'] };
    const service = { namespace: 'example-system', name: 'example-webhooks' };
    expect(webhookConfigurations(mgr)).toEqual({
      validating: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'configmapgenerators.example.kubekit.dev' },
        webhooks: [
          {
            name: 'vconfigmapgenerator.example.kubekit.dev',
            rules,
            clientConfig: {
              service: { ...service, path: '/validate-example-kubekit-dev-v1-configmapgenerator' },
            },
            ...common,
          },
        ],
      },
      mutating: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: { name: 'configmapgenerators.example.kubekit.dev' },
        webhooks: [
          {
            name: 'mconfigmapgenerator.example.kubekit.dev',
            rules,
            clientConfig: { service: { ...service, path: '/mutate-example-kubekit-dev-v1-configmapgenerator' } },
            ...common,
            reinvocationPolicy: 'Never',
          },
        ],
      },
    });
  });

  it("takes the validator's operations, default names, a URL and a CA bundle", () => {
    const mgr = offlineManager();
    webhookFor(mgr, builtinKinds.ConfigMap)
      .validator({ delete: () => Admission.allowed() })
      .withOptions({ validating: { failurePolicy: 'Ignore', objectSelector: { matchLabels: { a: 'b' } } } })
      .complete();
    const { validating, mutating } = admissionWebhookConfigurations(mgr.webhookServer.declarations, {
      name: 'cm',
      url: 'https://127.0.0.1:9443/',
      caBundle: 'PEM',
    });
    expect(mutating).toBeUndefined();
    expect(validating?.webhooks).toEqual([
      {
        name: 'vconfigmap.core.k8s.io',
        rules: [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
        clientConfig: {
          url: 'https://127.0.0.1:9443/validate--v1-configmap',
          caBundle: Buffer.from('PEM').toString('base64'),
        },
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        timeoutSeconds: 10,
        admissionReviewVersions: ['v1'],
        objectSelector: { matchLabels: { a: 'b' } },
      },
    ]);
  });

  it('refuses a kind without a declared plural, and options without one target', () => {
    const mgr = offlineManager();
    webhookFor(mgr, { apiVersion: 'v1', kind: 'ConfigMap' })
      .validator({ create: () => undefined })
      .complete();
    const write = (o: object) => () =>
      admissionWebhookConfigurations(mgr.webhookServer.declarations, { name: 'x', ...o });
    expect(write({ service: { namespace: 'a', name: 'b' } })).toThrow('ConfigMap of v1 has no declared plural');
    let error: unknown;
    try {
      write({})();
    } catch (e) {
      error = e;
    }
    expect(isInvalidInput(error)).toBe(true);
  });
});
