import type {
  MetaV1LabelSelector as V1LabelSelector,
  MutatingWebhookConfiguration as V1MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration as V1ValidatingWebhookConfiguration,
} from '@kubekit/core';
import {
  InvalidInputError,
  type KindRef,
  parseApiVersion,
  type WebhookTarget,
  webhookClientConfig,
} from '@kubekit/core';
import type { AdmissionOperation } from './admission.js';

/** How the API server calls a declared admission webhook: what a controller-gen marker says. */
export interface AdmissionWebhookSettings {
  /** The webhook's name, a fully qualified name. @default `<m|v><kind in lower case>.<group, or core.k8s.io>` */
  name?: string;
  /** What the API server does when the webhook cannot be called. @default 'Fail' */
  failurePolicy?: 'Fail' | 'Ignore';
  /** Whether the webhook has side effects. @default 'None' */
  sideEffects?: 'None' | 'NoneOnDryRun';
  /** How long the API server waits for an answer, in seconds (1 to 30). @default 10 */
  timeoutSeconds?: number;
  /** Only objects in namespaces matching this. @default every namespace */
  namespaceSelector?: V1LabelSelector;
  /** Only objects whose labels match this. @default every object */
  objectSelector?: V1LabelSelector;
}

/** One admission webhook as the builder declared it: enough to write its configuration. */
export interface AdmissionWebhookDeclaration extends Required<Pick<AdmissionWebhookSettings, 'name'>> {
  /** Which configuration it goes into. */
  readonly type: 'validating' | 'mutating';
  /** The path on the webhook server. */
  readonly path: string;
  /** The kind it is for. */
  readonly kind: KindRef;
  /** The operations it is called for. */
  readonly operations: readonly AdmissionOperation[];
  /** The settings given to the builder (defaults are filled in when the configuration is written). */
  readonly settings: AdmissionWebhookSettings;
}

/**
 * Options of {@link admissionWebhookConfigurations}: the configurations' `metadata.name`, and
 * where the webhook server is (core's `WebhookTarget`: a `service` or a base `url`, and the
 * `caBundle` PEM, default none: cert-manager's CA injector fills it in).
 */
export interface WebhookConfigurationsOptions extends WebhookTarget {
  /** The configurations' `metadata.name`. */
  name: string;
}

/** The default name of a declared webhook: `vwidget.example.com`, `mconfigmap.core.k8s.io`. */
export function defaultWebhookName(type: 'validating' | 'mutating', kind: KindRef): string {
  const { group } = parseApiVersion(kind.apiVersion);
  return `${type === 'validating' ? 'v' : 'm'}${kind.kind.toLowerCase()}.${group === '' ? 'core.k8s.io' : group}`;
}

/**
 * The ValidatingWebhookConfiguration and MutatingWebhookConfiguration for declared webhooks (from
 * `mgr.webhookServer.declarations`), as controller-gen writes them from markers: one webhook each,
 * with its rule (group, version, plural resource, operations), failurePolicy, sideEffects,
 * timeoutSeconds, selectors, `admissionReviewVersions: ['v1']`, and a `clientConfig` naming the
 * Service (or URL) and the path. A configuration without webhooks is left out.
 * @throws `InvalidInputError` when neither or both of `service` and `url` are given, `url` is not
 *   an `https://` URL, or a kind has
 *   no declared `plural` (declare it: the manifests are written without asking a cluster)
 */
export function admissionWebhookConfigurations(
  declarations: readonly AdmissionWebhookDeclaration[],
  options: WebhookConfigurationsOptions,
): {
  /** The ValidatingWebhookConfiguration of the validating webhooks; absent when there are none. */
  validating?: V1ValidatingWebhookConfiguration;
  /** The MutatingWebhookConfiguration of the mutating webhooks (defaulters); absent when there are none. */
  mutating?: V1MutatingWebhookConfiguration;
} {
  webhookClientConfig(options, '/'); // checks the target once, before any webhook
  const webhooks = (type: 'validating' | 'mutating') =>
    declarations
      .filter((d) => d.type === type)
      .map((d) => {
        const plural = (d.kind as { plural?: string }).plural;
        if (!plural) {
          throw new InvalidInputError('kind', `${d.kind.kind} of ${d.kind.apiVersion} has no declared plural`);
        }
        const { group, version } = parseApiVersion(d.kind.apiVersion);
        const s = d.settings;
        return {
          name: d.name,
          rules: [{ operations: [...d.operations], apiGroups: [group], apiVersions: [version], resources: [plural] }],
          clientConfig: webhookClientConfig(options, d.path),
          failurePolicy: s.failurePolicy ?? 'Fail',
          sideEffects: s.sideEffects ?? 'None',
          timeoutSeconds: s.timeoutSeconds ?? 10,
          admissionReviewVersions: ['v1'],
          ...(s.namespaceSelector && { namespaceSelector: s.namespaceSelector }),
          ...(s.objectSelector && { objectSelector: s.objectSelector }),
        };
      });
  const validating = webhooks('validating');
  const mutating = webhooks('mutating');
  const metadata = { name: options.name };
  return {
    ...(validating.length > 0 && {
      validating: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata,
        webhooks: validating,
      },
    }),
    ...(mutating.length > 0 && {
      mutating: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata,
        webhooks: mutating.map((w) => ({ ...w, reinvocationPolicy: 'Never' })),
      },
    }),
  };
}
