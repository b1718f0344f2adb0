/**
 * `@kubekit/testing`: API servers for tests.
 *
 * Start with {@link TestEnvironment}: a real Kubernetes API server (kubekit's harness, a genuine
 * kube-apiserver over embedded etcd, or kube-apiserver from `KUBEBUILDER_ASSETS`) on loopback, with CRDs installed and a
 * kubeconfig. In jest, run one per test run with the `jest-global-setup` / `jest-global-teardown`
 * entry points and reach it from test files with {@link sharedTestServer}. For fast tests,
 * {@link FakeApiServer} is an in-memory API server over HTTP, and {@link FakeClient} the same engine
 * in process behind the `@kubekit/client` interfaces (see docs/testing.md). Both servers are a
 * {@link TestApiServer}, so fixtures written once run on either; everything here that talks to an
 * API server does so through `Client` of `@kubekit/client`. Selectors, Status, manifests and the
 * `CustomResourceDefinition` type are `@kubekit/core`'s, as the client's are.
 *
 * @packageDocumentation
 * @module @kubekit/testing
 */
export {
  type CrdSource,
  type InstallCrdsOptions,
  installCrds,
  readCrds,
} from './crds.js';
export { isTestEnvironmentError, TestEnvironmentError, type TestEnvironmentErrorReason } from './errors.js';
export { FakeClient } from './fake/client/fakeClient.js';
export type { FakeClientOptions } from './fake/client/fakeClientOptions.js';
export { type FakeIndex, fakeIndex } from './fake/client/fieldIndex.js';
export type {
  CreateCall,
  DeleteAllOfCall,
  DeleteCall,
  FakeClientCall,
  FakeClientInterceptors,
  FakeInterceptor,
  GetCall,
  ListCall,
  PatchCall,
  SubResourceCall,
  UpdateCall,
  WatchCall,
} from './fake/client/interceptors.js';
export { DEFAULT_NAMESPACES } from './fake/clusterStorage.js';
export {
  FakeApiError,
  type FakeApiErrorReason,
  findFakeApiError,
  isFakeApiError,
  type StatusBody,
  type StatusCause,
  type StatusDetails,
} from './fake/engine/apiError.js';
export type { FieldTypes, ListType } from './fake/engine/fieldSets.js';
export type { NameRule } from './fake/engine/metadataValidation.js';
export type { PatchType } from './fake/engine/patch.js';
export type { KindStrategy, ResourceType, ScaleSubresource } from './fake/engine/resourceRegistry.js';
export { FakeStorage } from './fake/engine/storage.js';
export type {
  DeleteOptions,
  FakeList,
  FakeStorageOptions,
  FakeWatch,
  ListOptions,
  StorageListener,
  WatchOptions,
  WriteOptions,
} from './fake/engine/storageOptions.js';
export type {
  FakeClock,
  FakeObject,
  FakeObjectMeta,
  FakeOwnerReference,
  FakeWatchEvent,
  GroupVersionResource,
  StoredObject,
} from './fake/engine/types.js';
export {
  FakeApiServer,
  type FakeApiServerOptions,
} from './fake/fakeApiServer.js';
export type { FaultInjector, FaultTarget, InjectedFailure } from './fake/faults.js';
export { builtinResourceTypes } from './fake/kinds/builtinKinds.js';
export { ManualClock } from './manualClock.js';
export {
  DEFAULT_CRD_TIMEOUT_MS,
  DEFAULT_START_TIMEOUT_MS,
  type TestEnvironmentOptions,
  type TestServerBackend,
} from './options.js';
export {
  DEFAULT_GATHER_CONCURRENCY,
  DEFAULT_GATHER_PAGE_SIZE,
  type GatherOptions,
  type GatherProgress,
  type GatherSummary,
  gather,
} from './recording/gather.js';
export {
  RECORDING_FORMAT,
  type RecordedKind,
  type RecordedTable,
  type RecordedTableColumn,
  type RecordedTableRow,
  type RecordingManifest,
  type RefusedList,
  type WatchRecord,
} from './recording/layout.js';
export type { RecordingProblem, RecordingProblemReason } from './recording/readRecording.js';
export type { RecordingReplay, RecordingReplayOptions } from './recording/recordingReplay.js';
export { REDACTED, REDACTED_BASE64 } from './recording/redact.js';
export { type ServedRecording, type ServeRecordingOptions, serveRecording } from './recording/serveRecording.js';
export type { TestUser } from './servers/runningServer.js';
export {
  type SharedTestServer,
  type SharedTestServerOptions,
  type SharedTestServerUnavailable,
  sharedTestServer,
  startSharedTestServer,
  type TestNamespace,
} from './shared.js';
export type { TestApiServer } from './testApiServer.js';
export { TestEnvironment } from './testEnvironment.js';
export { CertificateAuthority, type ServingPair } from './webhooks/certificateAuthority.js';
export { type InstalledWebhooks, installWebhooks, type WebhookInstallOptions } from './webhooks/installWebhooks.js';
