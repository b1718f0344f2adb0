/**
 * `@kubekit/client`: typed, unstructured and dynamic access to any Kubernetes kind — the one road
 * to an API server. It sits on `@kubekit/core` (kinds, GVKs, objects, selectors, owner
 * references, `Status` and the API errors, clock, backoff, token bucket), imports that vocabulary
 * and does not re-export it: import those names from `@kubekit/core`.
 *
 * Start with {@link Client}: `new Client({ kubeConfig })`, then `get`/`list`/`create`/`update`/
 * `patch`/`delete`/`watch` with a kind — a descriptor from {@link builtinKinds}, one of your own
 * from core's `defineKind` (or `defineCustomResource` of `@kubekit/crd`, from zod schemas), or a
 * bare `{ apiVersion, kind }`. Objects are plain JSON. {@link KubeClient} is the whole client as a
 * type (controller-runtime's `client.Client`): `Client`, the cache-backed `CachedClient` and the
 * test `FakeClient` implement it, so code written against it takes any of them; the small
 * interfaces ({@link Reader}, {@link Writer}, {@link StatusWriter}) are its parts.
 * `client.discovery` ({@link Discovery}) tells what the server serves. See docs/client.md.
 *
 * @packageDocumentation
 * @module @kubekit/client
 */
export { Client } from './client.js';
export type { ApiGroup, ApiResource, ApiSubresource, DiscoveryFailure } from './discovery/apiResource.js';
export type { Discovery, DiscoveryResourcesOptions } from './discovery/discovery.js';
export type { InvalidResponseInit, KubeConfigErrorInit } from './errors.js';
export {
  InvalidResponseError,
  isInvalidResponse,
  isKubeConfigError,
  isNoKindMatch,
  isTransportError,
  KubeConfigError,
  NoKindMatchError,
  RequestTimeoutError,
  TransportError,
} from './errors.js';
export type {
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  GetRawOptions,
  KindOption,
  KubeClient,
  ListOptions,
  ListPagesOptions,
  PatchOptions,
  PropagationPolicy,
  Reader,
  RequestOptions,
  StatusWriter,
  SubResourceClient,
  UpdateOptions,
  WatchOptions,
  WriteOptions,
  Writer,
} from './interfaces.js';
export { builtinKinds } from './kinds/builtins.js';

export { type KubeConfigSource, readKubeConfig } from './kubeConfig.js';
export type { KubeConfigClusterLike, KubeConfigLike, KubeConfigUserLike } from './kubeConfigLike.js';
export type {
  KubeConfigAuthProvider,
  KubeConfigCluster,
  KubeConfigContext,
  KubeConfigExec,
  KubeConfigUser,
} from './kubeconfig/kubeConfigFile.js';
export type { KubeConfigEntries } from './kubeconfig/kubeConfigSources.js';
export { LoadedKubeConfig } from './kubeconfig/loadedKubeConfig.js';
export type { RestMapper, RestMapping } from './mapping/restMapper.js';
export type { ClientOptions, FieldValidation } from './options.js';
export {
  DEFAULT_BURST,
  DEFAULT_DISCOVERY_MIN_REFRESH_INTERVAL_MS,
  DEFAULT_FIELD_MANAGER,
  DEFAULT_MAX_RETRIES,
  DEFAULT_QPS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './options.js';
export { listAllOf, listPagesOf } from './pages.js';
export type { JsonPatchOperation, Patch } from './patch.js';
export { JsonPatchBuilder, jsonPatch } from './patch.js';
export type { RequestAttempt, TransportStats } from './transport/httpTransport.js';
