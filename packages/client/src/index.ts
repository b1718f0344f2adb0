/**
 * `@kubekit/client`: typed, unstructured and dynamic access to any Kubernetes kind.
 *
 * Start with {@link Client}: `new Client({ kubeConfig })`, then `get`/`list`/`create`/`update`/
 * `patch`/`delete`/`watch` with a kind — a descriptor from {@link builtinKinds}, one of your own from
 * {@link defineKind} (or `defineCustomResource` of `@kubekit/crd`, from zod schemas), or a bare `{ apiVersion, kind }`. Objects are plain JSON.
 * {@link KubeClient} is the whole client as a type (controller-runtime's `client.Client`): `Client`,
 * the cache-backed `CachedClient` and the test `FakeClient` implement it, so code written against it
 * takes any of them; the small interfaces ({@link Reader}, {@link Writer}, {@link StatusWriter}) are
 * its parts. `client.discovery` ({@link Discovery}) tells what the server serves. See docs/client.md.
 *
 * @packageDocumentation
 */
export { Client } from './client.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { ApiGroup, ApiResource, ApiSubresource, DiscoveryFailure } from './discovery/apiResource.js';
export type { Discovery, DiscoveryResourcesOptions } from './discovery/discovery.js';
export type {
  ApiErrorInit,
  ApiErrorReason,
  ClientErrorReason,
  CodecErrorObject,
  InvalidResponseInit,
  KubeConfigErrorInit,
  Status,
  StatusCause,
} from './errors.js';
export {
  AlreadyExistsError,
  AlreadyOwnedError,
  ApiError,
  apiErrorFrom,
  BadRequestError,
  ClientError,
  CodecError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InternalError,
  InvalidError,
  InvalidInputError,
  InvalidOwnerError,
  InvalidResponseError,
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
  isInvalidOwner,
  isInvalidResponse,
  isKubeConfigError,
  isNoKindMatch,
  isNotFound,
  isRetryable,
  isServerTimeout,
  isStatus,
  isTooManyRequests,
  isTransportError,
  isUnauthorized,
  isUnsupportedMediaType,
  KubeConfigError,
  MethodNotAllowedError,
  NoKindMatchError,
  NotFoundError,
  RequestTimeoutError,
  ServerTimeoutError,
  ServiceUnavailableError,
  TooManyRequestsError,
  TransportError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors.js';
export type { GroupVersion, GroupVersionKind } from './gvk.js';
export { formatApiVersion, gvkKey, parseApiVersion } from './gvk.js';
export type {
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  KindOption,
  KubeClient,
  ListOptions,
  ListPagesOptions,
  PatchOptions,
  PropagationPolicy,
  Reader,
  RequestOptions,
  Selector,
  StatusWriter,
  SubResourceClient,
  UpdateOptions,
  WatchOptions,
  WriteOptions,
  Writer,
} from './interfaces.js';
export { builtinKinds } from './kinds/builtins.js';
export type {
  DefineKindInit,
  KindDescriptor,
  KindRef,
  ObjectOf,
  Scope,
} from './kinds/descriptor.js';
export {
  decodeEvent,
  decodeObject,
  defineKind,
  encodeObject,
  hasDecode,
  isKindDescriptor,
  wireKind,
  writeKindOf,
} from './kinds/descriptor.js';
export { type KubeConfigSource, readKubeConfig } from './kubeConfig.js';
export type { RestMapper, RestMapping } from './mapping/restMapper.js';
export type {
  KubeObject,
  ObjectList,
  ObjectMeta,
  OwnerReference,
  PartialObjectMetadata,
  UnstructuredObject,
} from './object.js';
export { setListItemKinds } from './object.js';
export type { ClientOptions, FieldValidation, ResolvedClientOptions } from './options.js';
export {
  DEFAULT_BURST,
  DEFAULT_DISCOVERY_MIN_REFRESH_INTERVAL_MS,
  DEFAULT_FIELD_MANAGER,
  DEFAULT_MAX_RETRIES,
  DEFAULT_QPS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  resolveClientOptions,
} from './options.js';
export type { OwnerReferenceOptions } from './ownerReferences.js';
export { controllerOf, isOwnedBy, setControllerReference, setOwnerReference } from './ownerReferences.js';
export { listAllOf, listPagesOf } from './pages.js';
export type { JsonPatchOperation, Patch } from './patch.js';
export {
  encodePatch,
  escapePointerSegment,
  JsonPatchBuilder,
  jsonPatch,
  PATCH_CONTENT_TYPES,
  patchBody,
} from './patch.js';
export type { FieldOperator, FieldRequirement } from './selectors/fieldSelector.js';
export {
  escapeFieldValue,
  FieldSelector,
  fieldSelectorString,
  fieldValueOf,
  parseFieldSelector,
  unescapeFieldValue,
} from './selectors/fieldSelector.js';
export { labelKeyErrors, labelValueErrors } from './selectors/labelRules.js';
export type { LabelOperator, LabelRequirement } from './selectors/labelSelector.js';
export { LabelSelector, labelSelectorString, parseLabelSelector } from './selectors/labelSelector.js';
export type { HttpRequest, Query, ResponseStream, TransportStats } from './transport/httpTransport.js';
export { HttpTransport } from './transport/httpTransport.js';
export { RateLimiter } from './transport/rateLimiter.js';
export type { Idempotency, RetryPolicy } from './transport/retry.js';
export { parseRetryAfter, retryDelayMs, shouldRetry } from './transport/retry.js';
export { getNested, gvkOf, hasLabels, labelsOf, setLabel, setNested } from './unstructured.js';
export type { NamespaceRequest } from './validation.js';
export {
  patchBodyField,
  resolveNamespace,
  serializeJson,
  validateApplyName,
  validateCreateName,
  validateDeleteOptions,
  validateKindRef,
  validateName,
  validateNamespace,
  validateObject,
  validateObjectName,
  validatePatch,
  validatePathSegment,
  validatePositive,
  validateUpdateVersion,
} from './validation.js';
export type { WatchEvent, WatchSource } from './watch.js';
export { parseWatchEvent, parseWatchStream, splitLines } from './watch.js';
