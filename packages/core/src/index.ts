/**
 * `@kubekit/core`: the Kubernetes vocabulary every kubekit package speaks, written once. Types and
 * rules only, no I/O, no dependency: kinds and their one `decode`/`encode` contract
 * ({@link defineKind}), group/version/kind ({@link parseApiVersion}, {@link formatApiVersion}),
 * objects and their metadata ({@link KubeObject}), label and field selectors parsed and matched
 * exactly as kube-apiserver does ({@link parseLabelSelector}, {@link parseFieldSelector}), owner
 * references ({@link setControllerReference}), the `Status` an API server answers failures with
 * and the error classes it maps to ({@link apiErrorFrom}), the error base every kubekit error
 * extends ({@link KubekitError}), and time as an injected {@link Clock}.
 *
 * Layers: core <- client <- cache <- manager; crd and testing build on core and client. Each name
 * is exported by core only: the other packages import it from here and do not re-export it. See
 * docs/core.md.
 *
 * @packageDocumentation
 * @module @kubekit/core
 */
export type { BackoffDelays, BackoffOptions } from './backoff.js';
export { Backoff, backoffDelayMs } from './backoff.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { Condition, ConditionInit, ConditionStatus, SetConditionOptions } from './conditions.js';
export { findCondition, isConditionFalse, isConditionTrue, removeCondition, setCondition } from './conditions.js';
export type {
  CustomResourceConversion,
  CustomResourceDefinition,
  CustomResourceDefinitionVersion,
  JSONSchemaProps,
  PrinterColumn,
  ValidationRule,
} from './customResourceDefinition.js';
export type { ApiErrorInit, ApiErrorReason, CodecErrorObject, ReasonErrors, Status, StatusCause } from './errors.js';
export {
  AlreadyExistsError,
  AlreadyOwnedError,
  ApiError,
  apiErrorFrom,
  BadRequestError,
  CodecError,
  ConflictError,
  ForbiddenError,
  findReason,
  GoneError,
  InternalError,
  InvalidError,
  InvalidInputError,
  InvalidManifestError,
  InvalidOwnerError,
  ignoreAlreadyExists,
  ignoreNotFound,
  isAlreadyExists,
  isAlreadyOwned,
  isApiError,
  isBadRequest,
  isCodecError,
  isConflict,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isInvalidInput,
  isInvalidManifest,
  isInvalidOwner,
  isNotFound,
  isRetryable,
  isServerTimeout,
  isStatus,
  isTooManyRequests,
  isUnauthorized,
  isUnsupportedMediaType,
  KubekitError,
  MethodNotAllowedError,
  NotFoundError,
  ServerTimeoutError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors.js';
export type { GroupVersion, GroupVersionKind } from './gvk.js';
export { formatApiVersion, gvkKey, parseApiVersion } from './gvk.js';
export { keyOf, objectKey, parseKey } from './keys.js';
// Plain-JSON types of the built-in kinds (Pod, Deployment, ...) and the definitions they use.
export type * from './kinds/builtinTypes.generated.js';
export type { DefineKindInit, KindDescriptor, KindRef, ObjectOf, Scope } from './kinds/descriptor.js';
export { decodeObject, defineKind, encodeObject } from './kinds/descriptor.js';
export type { ConsoleLoggerOptions, Logger, LogLevel } from './logger.js';
export { consoleLogger, silentLogger } from './logger.js';
export type { ManifestDocument } from './manifests.js';
export { formatManifests, parseManifestDocuments, parseManifests } from './manifests.js';
export { kubeTime, microTime } from './microTime.js';
export {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelKeyErrors,
  labelValueErrors,
} from './names.js';
export type {
  KubeObject,
  ManagedFieldsEntry,
  ObjectList,
  ObjectMeta,
  OwnerReference,
  PartialObjectMetadata,
  UnstructuredObject,
} from './object.js';
export type { OwnerReferenceOptions } from './ownerReferences.js';
export { controllerOf, isOwnedBy, setControllerReference, setOwnerReference } from './ownerReferences.js';
export { compareResourceVersions, isComparableResourceVersion } from './resourceVersion.js';
export type { FieldOperator, FieldRequirement } from './selectors/fieldSelector.js';
export {
  escapeFieldValue,
  FieldSelector,
  fieldSelectorString,
  parseFieldSelector,
} from './selectors/fieldSelector.js';
export type { LabelOperator, LabelRequirement } from './selectors/labelSelector.js';
export { LabelSelector, labelSelectorString, parseLabelSelector } from './selectors/labelSelector.js';
export type { Selector } from './selectors/selector.js';
export type { ShardKeyField, ShardRange } from './sharding.js';
export {
  fnv1a64,
  formatShardHash,
  formatShardRanges,
  intersectShardRanges,
  normalizeShardRanges,
  parseShardRanges,
  SHARD_HASH_SPACE,
  shardHashOf,
  shardKeyValue,
  shardRangesContain,
  shardRangesFraction,
  shardSelectorString,
  subtractShardRanges,
} from './sharding.js';
export type { TokenBucketOptions } from './tokenBucket.js';
export { TokenBucket } from './tokenBucket.js';
export { getNested, gvkOf, hasLabels, labelsOf, setLabel, setNested } from './unstructured.js';
export type { WatchEvent } from './watchEvent.js';
export type { WebhookClientConfig, WebhookConfigurationsSource, WebhookTarget } from './webhookClientConfig.js';
export { isWebhookConfigurationsSource, WEBHOOK_CONFIGURATIONS, webhookClientConfig } from './webhookClientConfig.js';
