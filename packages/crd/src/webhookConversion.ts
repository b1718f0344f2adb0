import {
  type CustomResourceConversion,
  type CustomResourceDefinition,
  type WebhookTarget,
  webhookClientConfig,
} from '@kubekit/core';

/** Options of {@link webhookConversion}: where the conversion webhook is. */
export interface WebhookConversionOptions extends WebhookTarget {
  /** The conversion webhook's path on the webhook server. @default '/convert' */
  path?: string;
}

/**
 * The `spec.conversion` of a multi-version CRD whose conversion webhook is served at `path` on
 * `service` (or `url`): `strategy: 'Webhook'`, `conversionReviewVersions: ['v1']` (what
 * `conversionWebhook` of `@kubekit/manager` reads), and the `clientConfig` with the `caBundle`
 * base64-encoded. Give it as `defineCustomResource`'s `conversion`, or use
 * {@link withWebhookConversion} on generated CRDs (what `kubekit crd generate --conversion-service`
 * does).
 *
 * ```ts
 * const Gadget = defineCustomResource({
 *   group: 'example.com',
 *   kind: 'Gadget',
 *   conversion: webhookConversion({ service: { namespace: 'example-system', name: 'example-webhooks' } }),
 *   versions: { v1alpha1, v1 },
 * });
 * ```
 * @throws `InvalidInputError` of `@kubekit/core` when neither or both of `service` and `url` are
 *   given, `url` is not an `https://` URL, or `path` does not start with `/`
 */
export function webhookConversion(options: WebhookConversionOptions): CustomResourceConversion {
  return {
    strategy: 'Webhook',
    webhook: {
      conversionReviewVersions: ['v1'],
      clientConfig: webhookClientConfig(options, options.path ?? '/convert'),
    },
  };
}

/**
 * `crd` with its conversion going to the webhook of `options` ({@link webhookConversion}) when it
 * has several versions; a CRD with one version is returned as it is (nothing to convert).
 * @throws as {@link webhookConversion}
 */
export function withWebhookConversion(
  crd: CustomResourceDefinition,
  options: WebhookConversionOptions,
): CustomResourceDefinition {
  if (crd.spec.versions.length < 2) return crd;
  return { ...crd, spec: { ...crd.spec, conversion: webhookConversion(options) } };
}
