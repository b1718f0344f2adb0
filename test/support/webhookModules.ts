/**
 * A module as an operator author writes it, for the `kubekit webhook generate` and `kubekit crd
 * generate --conversion-*` suites: webhooks declared with `defineWebhooks` (two exports, so the
 * CLI merges them), and a custom resource with two versions whose conversion is a webhook.
 */
import { builtinKinds } from '@kubekit/client';
import { defineCustomResource } from '@kubekit/crd';
import { Admission, defineWebhooks, webhookFor } from '@kubekit/manager';
import { z } from 'zod';

/** A custom resource with two versions (conversion by webhook, with `--conversion-service`). */
export const Sprocket = defineCustomResource({
  group: 'webhook-cli-test.kubekit.dev',
  kind: 'Sprocket',
  versions: {
    v1alpha1: { spec: z.object({ teeth: z.number().int() }), storage: false },
    v1: { spec: z.object({ teeth: z.object({ count: z.number().int() }) }), storage: true },
  },
});

/** A validator of Sprockets with every setting given, and a defaulter of ConfigMaps with none. */
export const webhooks = defineWebhooks((mgr) => {
  webhookFor(mgr, Sprocket.versions.v1)
    .validator({
      create: (s) => (s.spec.teeth.count > 0 ? undefined : Admission.denied('a sprocket needs teeth')),
      update: () => undefined,
    })
    .withOptions({
      validating: {
        failurePolicy: 'Ignore',
        sideEffects: 'NoneOnDryRun',
        timeoutSeconds: 3,
        namespaceSelector: { matchLabels: { 'webhook-cli-test': 'on' } },
        objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
      },
    })
    .complete();
  webhookFor(mgr, builtinKinds.ConfigMap)
    .defaulter((cm) => {
      cm.data = { ...cm.data, defaulted: 'yes' };
      return undefined;
    })
    .withOptions({ mutating: { name: 'mconfigmap.webhook-cli-test.kubekit.dev' } })
    .complete();
});

/** A second export: its validator joins the same ValidatingWebhookConfiguration. */
export const deleteWebhooks = defineWebhooks((mgr) => {
  webhookFor(mgr, builtinKinds.Secret)
    .validator({ delete: () => undefined })
    .withOptions({ validating: { name: 'vsecret.webhook-cli-test.kubekit.dev' } })
    .complete();
});
