/**
 * `@kubekit/crd`: custom resources with zod as the single source of truth.
 *
 * Start with {@link defineCustomResource}: zod schemas in, a descriptor out that carries the
 * TypeScript types, run-time validation and the CustomResourceDefinition (structural schema, CEL
 * rules from {@link k8s}). {@link crdToTypeScript} goes the other way (a CRD to zod source, from a
 * file or from a cluster with {@link readClusterCrd}), and
 * {@link defineConfigMap} / {@link defineSecret} give typed views of built-in kinds. The `kubekit
 * crd` CLI wraps generation and import. Descriptors follow `@kubekit/core`'s one `decode`/`encode`
 * contract; the `CustomResourceDefinition` type and the manifest YAML reader are core's.
 *
 * @packageDocumentation
 * @module @kubekit/crd
 */
export { crdsToYaml, parseCrds } from './crdManifests.js';
export {
  type CrdToTypeScriptOptions,
  crdToTypeScript,
} from './crdToTypeScript.js';
export { type ConfigMapOptions, defineConfigMap, type TypedConfigMap } from './defineConfigMap.js';
export {
  type ConversionOptions,
  defineConversion,
  type ResourceConverter,
  type SpokeConversion,
} from './defineConversion.js';
export {
  type CustomResource,
  type CustomResourceDescriptor,
  type CustomResourceNamesOptions,
  type CustomResourceOf,
  type CustomResourceOptions,
  type CustomResourceVersionOptions,
  type CustomResourceVersions,
  defineCustomResource,
  type MultiVersionCustomResourceOptions,
} from './defineCustomResource.js';
export { defineSecret, type SecretOptions, type TypedSecret } from './defineSecret.js';
export { CrdError, type CrdErrorReason, isCrdError } from './errors.js';
export type { ConditionSchema } from './k8s.js';
export { k8s } from './k8s.js';
export { type ReadClusterCrdOptions, readClusterCrd } from './readClusterCrd.js';
export type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';
export { toStructuralSchema } from './structuralSchema.js';
export { type WebhookConversionOptions, webhookConversion, withWebhookConversion } from './webhookConversion.js';
