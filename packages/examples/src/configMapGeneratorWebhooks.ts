/**
 * Admission webhooks of the example operator's `ConfigMapGenerator`: a defaulter that names the
 * generated ConfigMap, and a validator that refuses data keys a ConfigMap cannot hold, keeps
 * `spec.configMapName` immutable, and warns about short refresh periods. `webhookConfigurations`
 * writes what points the API server at them from the declarations (install them with your
 * manifests, or in tests with `installWebhooks` of `@kubekit/testing`, which rewrites
 * `clientConfig` to a local URL). `configMapGeneratorConversionWebhook` serves the conversion
 * between `v1alpha1` and `v1`, and `crdWithConversionWebhook` is the CRD pointing at it.
 */
import type {
  CustomResourceDefinition,
  MetaV1LabelSelector,
  MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration,
} from '@kubekit/core';
import { withWebhookConversion } from '@kubekit/crd';
import {
  Admission,
  admissionWebhookConfigurations,
  conversionWebhook,
  type Manager,
  type RegisteredWebhooks,
  webhookFor,
} from '@kubekit/manager';
import { ConfigMapGenerator, configMapGeneratorConversion } from './configMapGenerator.js';

/** What a ConfigMap accepts as a key. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Registers the generator's defaulter and validator on `mgr.webhookServer`; returns their paths.
 * `namespaceSelector` limits them to some namespaces (default: every one).
 */
export function configMapGeneratorWebhooks(
  mgr: Manager,
  options: { namespaceSelector?: MetaV1LabelSelector } = {},
): RegisteredWebhooks {
  const settings = {
    timeoutSeconds: 5,
    ...(options.namespaceSelector && { namespaceSelector: options.namespaceSelector }),
  };
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
    .withOptions({
      mutating: { name: 'mconfigmapgenerator.example.kubekit.dev', ...settings },
      validating: { name: 'vconfigmapgenerator.example.kubekit.dev', ...settings },
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
  /** The configurations' name. @default 'configmapgenerators.example.kubekit.dev' */
  name?: string;
}

/**
 * The two webhook configurations pointing the API server at the webhooks declared on `mgr` by
 * {@link configMapGeneratorWebhooks}, as controller-gen would write them.
 */
export function webhookConfigurations(
  mgr: Manager,
  options: WebhookConfigurationsOptions = {},
): { validating?: ValidatingWebhookConfiguration; mutating?: MutatingWebhookConfiguration } {
  return admissionWebhookConfigurations(mgr.webhookServer.declarations, {
    name: options.name ?? 'configmapgenerators.example.kubekit.dev',
    service: options.service ?? { namespace: 'example-system', name: 'example-webhooks' },
  });
}

/** The path of the conversion webhook. */
export const CONVERSION_PATH = '/convert';

/**
 * Registers the `v1alpha1` <-> `v1` conversion of ConfigMapGenerators on `mgr.webhookServer` at
 * {@link CONVERSION_PATH}. The API server calls it once the CRD's `spec.conversion` points there
 * ({@link crdWithConversionWebhook}; in tests `installWebhooks(kc, { conversion: { crds } })`).
 */
export function configMapGeneratorConversionWebhook(mgr: Manager): void {
  mgr.webhookServer.register(CONVERSION_PATH, conversionWebhook(configMapGeneratorConversion));
}

/**
 * The ConfigMapGenerator CRD with `spec.conversion` set to `Webhook`, calling
 * {@link CONVERSION_PATH} of `service` (the same options as {@link webhookConfigurations}); the
 * `caBundle` is left to your CA injector (cert-manager's).
 */
export function crdWithConversionWebhook(
  options: Pick<WebhookConfigurationsOptions, 'service'> = {},
): CustomResourceDefinition {
  const service = options.service ?? { namespace: 'example-system', name: 'example-webhooks' };
  return withWebhookConversion(ConfigMapGenerator.crd, { service, path: CONVERSION_PATH });
}
