/**
 * `@kubekit/manager`: the manager, controllers, work queue and reconcilers of an operator. Data
 * flows informer (from `@kubekit/cache`) -> predicates -> event handler -> work queue ->
 * reconciler, and the folders show it:
 *
 * - `reconcile/`: {@link Reconciler}, {@link Request}, {@link Result}, {@link TerminalError}.
 * - `queue/`: {@link WorkQueue} (dedup, one worker per key, delays, backoff, priorities) and rate limiters.
 * - `predicate/`, `handler/`: which events matter and which requests they make.
 * - `controller/`: {@link Controller} and the builder {@link controllerFor}.
 * - `controllerutil/`: `createOrUpdate`/`createOrPatch`, finalizers. Owner references
 *   (`setControllerReference(owner, object)`, `setOwnerReference`) are `@kubekit/core`'s.
 * - `manager/`: {@link Manager}: client, cache, run order, shutdown; with `leaderelection/`,
 *   `health/`, `metrics/`, `events/`. The logger (`Logger`, `consoleLogger`, `silentLogger`),
 *   request keys (`keyOf`/`parseKey`), backoff and the token bucket are `@kubekit/core`'s.
 * - `webhook/`: {@link WebhookServer} (HTTPS, certificates reloaded from disk) and, in
 *   `webhook/admission/`, admission webhooks: {@link webhookFor}, {@link admissionWebhook}; in
 *   `webhook/conversion/`, CRD conversion: {@link conversionWebhook}.
 *
 * Start with {@link Manager} and {@link controllerFor}; see docs/manager.md and docs/controllers.md.
 *
 * @packageDocumentation
 * @module @kubekit/manager
 */
export type { BuilderOptions, OwnsOptions, WatchKindOptions } from './controller/builder.js';
export { type ControllerBuilder, controllerFor } from './controller/builder.js';
export type {
  ControllerOptions,
  HandlerFactory,
  WatchOptions,
} from './controller/controller.js';
export { Controller, isUnexpectedThrow } from './controller/controller.js';
export type { CreateOrUpdateOptions, CreateOrUpdateResult, OperationResult } from './controllerutil/createOrUpdate.js';
export { createOrPatch, createOrUpdate } from './controllerutil/createOrUpdate.js';
export type { FinalizerOutcome } from './controllerutil/finalizers.js';
export {
  addFinalizer,
  containsFinalizer,
  handleFinalizer,
  isBeingDeleted,
  removeFinalizer,
} from './controllerutil/finalizers.js';
export type { ManagerErrorOptions, ManagerErrorReason } from './errors.js';
export {
  isLeaderElectionLost,
  isManagerStarted,
  isNotLeader,
  isReconcileTimeout,
  isShardRevoked,
  isShutdownTimeout,
  isTerminalError,
  isWebhookCertificate,
  isWebhookDeclaration,
  isWebhookPath,
  isWebhookRequest,
  LeaderElectionLostError,
  ManagerError,
  ManagerStartedError,
  NotLeaderError,
  ReconcileTimeoutError,
  ShardRevokedError,
  ShutdownTimeoutError,
  TerminalError,
  WebhookCertificateError,
  WebhookDeclarationError,
  WebhookPathError,
  WebhookRequestError,
} from './errors.js';
export type {
  EventOptions,
  EventRecorder,
  EventRecorderOptions,
  EventType,
} from './events/eventRecorder.js';
export { enqueueRequestForObject } from './handler/enqueueRequestForObject.js';
export type { EnqueueForOwnerOptions } from './handler/enqueueRequestForOwner.js';
export { enqueueRequestForOwner } from './handler/enqueueRequestForOwner.js';
export type { MapFunc } from './handler/enqueueRequestsFromMapFunc.js';
export { enqueueRequestsFromMapFunc } from './handler/enqueueRequestsFromMapFunc.js';
export type { EventHandler } from './handler/eventHandler.js';
export type { ProbeServerOptions } from './health/probeServer.js';
export { ProbeServer } from './health/probeServer.js';
export type { HttpEndpointOptions } from './health/serveHttp.js';
export type {
  LeaderCallbacks,
  LeaderElectionOptions,
} from './leaderelection/leaderElector.js';
export { LeaderElector } from './leaderelection/leaderElector.js';
export { Manager, signalHandler } from './manager/manager.js';
export type {
  ControllerDefaults,
  ManagerClientOptions,
  ManagerOptions,
} from './manager/options.js';
export type { HealthCheck, Runnable } from './manager/runnable.js';
export type {
  ManagerMetricsOptions,
  ObjectCounter,
  ReconcileFailure,
  ReconcileOutcome,
  WorkInProgress,
} from './metrics/managerMetrics.js';
export { ManagerMetrics } from './metrics/managerMetrics.js';
export type { MetricsServerOptions } from './metrics/metricsServer.js';
export { MetricsServer } from './metrics/metricsServer.js';
export { annotationsChanged, generationChanged, labelsChanged, resourceVersionChanged } from './predicate/changed.js';
export { labelSelector } from './predicate/labelSelector.js';
export type { Predicate } from './predicate/predicate.js';
export { and, not, objectPredicate, or } from './predicate/predicate.js';
export type {
  BucketOptions,
  DefaultRateLimiterOptions,
  ExponentialFailureOptions,
  RateLimiter,
} from './queue/rateLimiters.js';
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from './queue/rateLimiters.js';
export type { AddOptions, WorkQueueMetrics, WorkQueueOptions } from './queue/workQueue.js';
export { Priority, WorkQueue } from './queue/workQueue.js';
export type {
  ReconcileContext,
  ReconcileFunc,
  ReconcileReturn,
  Reconciler,
  ReconcilerLike,
} from './reconcile/reconciler.js';
export type { Request } from './reconcile/request.js';
export { requestFor } from './reconcile/request.js';
export { Result } from './reconcile/result.js';
export { HashRing } from './sharding/hashRing.js';
export { type ShardedControllerParts, shardController, shardMemberFor } from './sharding/shardedController.js';
export { type ShardedInformerOptions, shardedInformer } from './sharding/shardedSource.js';
export { ShardGate } from './sharding/shardGate.js';
export type { ResolvedShardingOptions, ShardChange, ShardingOptions } from './sharding/shardMember.js';
export {
  DEFAULT_SHARD_LEASE_DURATION_MS,
  DEFAULT_SHARD_RENEW_DEADLINE_MS,
  DEFAULT_SHARD_RENEW_PERIOD_MS,
  DEFAULT_SHARD_VIRTUAL_NODES,
  resolveShardingOptions,
  SHARD_CLAIMS_ANNOTATION,
  SHARD_RING_LABEL,
  ShardMember,
} from './sharding/shardMember.js';
export { ShardMetrics, type ShardObjectCounter } from './sharding/shardMetrics.js';
export type {
  AdmissionHandler,
  AdmissionOperation,
  AdmissionRequest,
  AdmissionReviewResponse,
  AdmissionVerdict,
  AllowOptions,
  DenyOptions,
} from './webhook/admission/admission.js';
export { Admission, admissionWebhook } from './webhook/admission/admission.js';
export type {
  Defaulter,
  RegisteredWebhooks,
  ValidationReturn,
  Validator,
  WebhookBuilderOptions,
} from './webhook/admission/builder.js';
export { defaultWebhookPath, type WebhookBuilder, webhookFor } from './webhook/admission/builder.js';
export { defineWebhooks, type WebhookSetup } from './webhook/admission/defineWebhooks.js';
export type {
  AdmissionWebhookDeclaration,
  AdmissionWebhookSettings,
  WebhookConfigurationsOptions,
} from './webhook/admission/manifests.js';
export { admissionWebhookConfigurations, defaultWebhookName } from './webhook/admission/manifests.js';
export type { ConversionReviewResponse, Converter } from './webhook/conversion/conversion.js';
export { conversionWebhook } from './webhook/conversion/conversion.js';
export type {
  Webhook,
  WebhookContext,
  WebhookServerDeps,
  WebhookServerOptions,
} from './webhook/webhookServer.js';
export { WebhookServer } from './webhook/webhookServer.js';
