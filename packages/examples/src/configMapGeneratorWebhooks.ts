/**
 * Admission webhooks of the example operator's `ConfigMapGenerator`: a defaulter that names the
 * generated ConfigMap, and a validator that refuses data keys a ConfigMap cannot hold, keeps
 * `spec.configMapName` immutable, and warns about short refresh periods. `webhookConfigurations`
 * declares what points the API server at them (install them with your manifests, or in tests with
 * `installWebhooks` of `@kubekit/testing`, which rewrites `clientConfig` to a local URL).
 */
import { Admission, type Manager, type RegisteredWebhooks, webhookFor } from '@kubekit/manager';
import type {
  V1LabelSelector,
  V1MutatingWebhookConfiguration,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { ConfigMapGenerator } from './configMapGenerator.js';

/** What a ConfigMap accepts as a key. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** Registers the generator's defaulter and validator on `mgr.webhookServer`; returns their paths. */
export function configMapGeneratorWebhooks(mgr: Manager): RegisteredWebhooks {
  return webhookFor(mgr, ConfigMapGenerator)
    .defaulter((gen) => {
      // a create with generateName has no name yet: leave the default to the controller then
      if (gen.spec.configMapName === undefined && gen.metadata.name) {
        gen.spec.configMapName = `${gen.metadata.name}-generated`;
      }
      return undefined;
    })
    .validator({
      create: (gen) => checkSpec(gen),
      update: (gen, old) =>
        gen.spec.configMapName !== old.spec.configMapName
          ? Admission.denied(`spec.configMapName is immutable (was ${old.spec.configMapName})`)
          : checkSpec(gen),
    })
    .complete();
}

function checkSpec(gen: ConfigMapGenerator) {
  const bad = Object.keys(gen.spec.data).filter((k) => !CONFIGMAP_KEY.test(k));
  if (bad.length > 0) return Admission.denied(`spec.data keys ${bad.join(', ')} are not valid ConfigMap keys`);
  if (gen.spec.refreshSeconds > 0 && gen.spec.refreshSeconds < 10) {
    return Admission.allowed({ warnings: [`refreshSeconds ${gen.spec.refreshSeconds} is below 10: much API traffic`] });
  }
  return undefined;
}

/** Options of {@link webhookConfigurations}. */
export interface WebhookConfigurationsOptions {
  /** The Service in front of the operator's webhook server. @default `{ namespace: 'example-system', name: 'example-webhooks' }` */
  service?: { namespace: string; name: string };
  /** Which namespaces' generators go through the webhooks. @default every namespace */
  namespaceSelector?: V1LabelSelector;
  /** Suffix of the configurations' names (several in one cluster). @default '' */
  nameSuffix?: string;
}

/** The two webhook configurations pointing the API server at {@link configMapGeneratorWebhooks}. */
export function webhookConfigurations(
  paths: RegisteredWebhooks,
  options: WebhookConfigurationsOptions = {},
): { validating: V1ValidatingWebhookConfiguration; mutating: V1MutatingWebhookConfiguration } {
  const service = options.service ?? { namespace: 'example-system', name: 'example-webhooks' };
  const rules = [
    {
      operations: ['CREATE', 'UPDATE'],
      apiGroups: [ConfigMapGenerator.group],
      apiVersions: [ConfigMapGenerator.version],
      resources: [ConfigMapGenerator.plural ?? 'configmapgenerators'],
    },
  ];
  const common = {
    rules,
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    failurePolicy: 'Fail',
    timeoutSeconds: 5,
    ...(options.namespaceSelector && { namespaceSelector: options.namespaceSelector }),
  };
  const suffix = options.nameSuffix ?? '';
  return {
    validating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: `configmapgenerators.example.kubekit.dev${suffix}` },
      webhooks: [
        {
          name: 'vconfigmapgenerator.example.kubekit.dev',
          clientConfig: { service: { ...service, path: paths.validatePath ?? '' } },
          ...common,
        },
      ],
    },
    mutating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: `configmapgenerators.example.kubekit.dev${suffix}` },
      webhooks: [
        {
          name: 'mconfigmapgenerator.example.kubekit.dev',
          clientConfig: { service: { ...service, path: paths.mutatePath ?? '' } },
          ...common,
        },
      ],
    },
  };
}
