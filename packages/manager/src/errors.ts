import { KubekitError } from '@kubekit/core';
import { hasReason } from '@kubekit/core/internal';

/** The `reason` of every error of this package. */
export type ManagerErrorReason =
  | 'ReconcileTimeout'
  | 'ManagerStarted'
  | 'LeaderElectionLost'
  | 'NotLeader'
  | 'ShutdownTimeout'
  | 'Terminal'
  | 'WebhookCertificate'
  | 'WebhookPath'
  | 'WebhookRequest'
  | 'WebhookDeclaration'
  | 'ShardRevoked';

/** Options of a {@link ManagerError}. */
export interface ManagerErrorOptions {
  /** The error this one wraps, kept as `cause`. */
  cause?: unknown;
  /** Whether trying again may succeed. @default false */
  retryable?: boolean;
}

/**
 * Base class of this package's errors, a `KubekitError` of `@kubekit/core`: a literal `reason`, a `retryable` flag, and a `cause` where
 * there is one. Test for a subclass with its `isXxx(e)` guard, which checks `reason` (not
 * `instanceof`, which two copies of this package would break).
 */
export class ManagerError extends KubekitError {
  /** What went wrong, as a literal. */
  readonly reason: ManagerErrorReason;
  /** Whether trying the same thing again may succeed. */
  readonly retryable: boolean;

  constructor(reason: ManagerErrorReason, message: string, options: ManagerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.reason = reason;
    this.retryable = options.retryable ?? false;
  }
}

/** A reconcile ran past `reconcileTimeoutMs`; its signal was aborted. Retryable (requeued with backoff). */
export class ReconcileTimeoutError extends ManagerError {
  declare readonly reason: 'ReconcileTimeout';
  constructor(controller: string, ms: number, options: { cause?: unknown } = {}) {
    super('ReconcileTimeout', `reconcile of ${controller} ran past its timeout of ${ms} ms`, {
      ...options,
      retryable: true,
    });
  }
}

/** Whether `e` is a {@link ReconcileTimeoutError}. */
export function isReconcileTimeout(e: unknown): boolean {
  return hasReason(e, 'ReconcileTimeout');
}

/**
 * `start` of a manager or a `Controller` that was started already, `add` of a runnable after the
 * manager started or stopped, or `Controller.watch` after the controller started. Not retryable.
 */
export class ManagerStartedError extends ManagerError {
  declare readonly reason: 'ManagerStarted';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ManagerStarted', message, options);
  }
}

/** Whether `e` is a {@link ManagerStartedError}. */
export function isManagerStarted(e: unknown): boolean {
  return hasReason(e, 'ManagerStarted');
}

/** The manager lost its leader-election lease; its leader-only runnables were stopped. Not retryable: restart the process to campaign again. */
export class LeaderElectionLostError extends ManagerError {
  declare readonly reason: 'LeaderElectionLost';
  constructor(lease: string, options?: { cause?: unknown }) {
    super('LeaderElectionLost', `leader election lost: lease ${lease}`, options);
  }
}

/** Whether `e` is a {@link LeaderElectionLostError}. */
export function isLeaderElectionLost(e: unknown): boolean {
  return hasReason(e, 'LeaderElectionLost');
}

/**
 * A write through `mgr.client`, or the start of a reconcile, was refused because this manager's
 * leadership term has ended: it led, and its last successful renewal plus `renewDeadlineMs` has
 * passed by its own monotonic clock (or the Lease was lost or released). Another replica may lead
 * now, so nothing may be written on this term's behalf. Not retryable on this manager: the process
 * should exit (as `Manager.start` does, with a {@link LeaderElectionLostError}) and campaign anew.
 */
export class NotLeaderError extends ManagerError {
  declare readonly reason: 'NotLeader';
  constructor(
    /** `namespace/name` of the Lease. */
    readonly lease: string,
    /** This manager's identity in the Lease. */
    readonly identity: string,
    options: { cause?: unknown } = {},
  ) {
    super('NotLeader', `${identity} no longer leads (lease ${lease}): its term has ended`, options);
  }
}

/** Whether `e` is a {@link NotLeaderError}. */
export function isNotLeader(e: unknown): boolean {
  return hasReason(e, 'NotLeader');
}

/**
 * `Manager.start` stopped, but its runnables, caches or servers did not finish within
 * `gracefulShutdownTimeoutMs`; they were told to stop and left behind. Not retryable.
 */
export class ShutdownTimeoutError extends ManagerError {
  declare readonly reason: 'ShutdownTimeout';
  constructor(
    /** The grace period that ran out, in ms. */
    readonly timeoutMs: number,
    /** The error that led to this one, kept as `cause`, when there is one. */
    options: { cause?: unknown } = {},
  ) {
    super('ShutdownTimeout', `runnables did not stop within ${timeoutMs} ms (gracefulShutdownTimeoutMs)`, options);
  }
}

/** Whether `e` is a {@link ShutdownTimeoutError}. */
export function isShutdownTimeout(e: unknown): boolean {
  return hasReason(e, 'ShutdownTimeout');
}

/**
 * An error a reconciler throws when retrying cannot help (the object is invalid, a reference can
 * never resolve): it is logged and counted as an error, but the request is not requeued. It will be
 * reconciled again on the next watched event. Any other thrown error requeues with backoff.
 * Reason `'Terminal'`, not retryable; `cause` keeps the error it wraps.
 */
export class TerminalError extends ManagerError {
  declare readonly reason: 'Terminal';
  constructor(message: string, options?: { cause?: unknown }) {
    super('Terminal', message, { cause: options?.cause });
  }
}

/** Whether `e` is a {@link TerminalError} (checked by `reason`, so two copies of the package agree). */
export function isTerminalError(e: unknown): boolean {
  return hasReason(e, 'Terminal');
}

/**
 * The webhook server cannot serve with the certificate and key in its certificate directory: a
 * file is missing or unreadable, or the two do not form a key pair. At start this stops the
 * manager; on a reload the server keeps the pair it has and logs this error. Retryable (the files
 * may be being written).
 */
export class WebhookCertificateError extends ManagerError {
  declare readonly reason: 'WebhookCertificate';
  constructor(
    /** The certificate file that was read. */
    readonly certFile: string,
    /** The key file that was read. */
    readonly keyFile: string,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('WebhookCertificate', `cannot serve with certificate ${certFile} and key ${keyFile}${why}`, {
      ...options,
      retryable: true,
    });
  }
}

/** Whether `e` is a {@link WebhookCertificateError}. */
export function isWebhookCertificate(e: unknown): boolean {
  return hasReason(e, 'WebhookCertificate');
}

/**
 * A webhook was registered on a path that is not an absolute URL path, or on a path that has a
 * webhook already, or after the server started. Not retryable.
 */
export class WebhookPathError extends ManagerError {
  declare readonly reason: 'WebhookPath';
  constructor(
    /** The path given. */
    readonly path: string,
    why: string,
    options: { cause?: unknown } = {},
  ) {
    super('WebhookPath', `cannot register a webhook on ${JSON.stringify(path)}: ${why}`, options);
  }
}

/** Whether `e` is a {@link WebhookPathError}. */
export function isWebhookPath(e: unknown): boolean {
  return hasReason(e, 'WebhookPath');
}

/**
 * A webhook request refused as a client error: the webhook server answers it with `code` (400 bad
 * body, 404 no such path, 405 not a POST, 413 too large, 415 not JSON) and a `Status` body whose
 * `message` is this error's, and keeps serving. A `Webhook`'s `handle` throws it to refuse a body
 * it cannot read. Not retryable.
 */
export class WebhookRequestError extends ManagerError {
  declare readonly reason: 'WebhookRequest';
  constructor(
    /** The HTTP status code to answer with (4xx). */
    readonly code: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('WebhookRequest', message, options);
  }
}

/** Whether `e` is a {@link WebhookRequestError}. */
export function isWebhookRequest(e: unknown): boolean {
  return hasReason(e, 'WebhookRequest');
}

/**
 * `defineWebhooks`' setup could not be run to write manifests: it used a member of the manager
 * other than `webhookServer`, or threw (`cause`). Not retryable.
 */
export class WebhookDeclarationError extends ManagerError {
  declare readonly reason: 'WebhookDeclaration';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('WebhookDeclaration', message, options);
  }
}

/** Whether `e` is a {@link WebhookDeclarationError}. */
export function isWebhookDeclaration(e: unknown): boolean {
  return hasReason(e, 'WebhookDeclaration');
}

/**
 * A sharded controller's reconcile was aborted because its object's hash range moved to another
 * replica (or this replica could not renew its shard Lease in time). Retryable: the new owner
 * reconciles the object.
 */
export class ShardRevokedError extends ManagerError {
  declare readonly reason: 'ShardRevoked';
  constructor(controller: string, options: { cause?: unknown } = {}) {
    super('ShardRevoked', `reconcile of ${controller} aborted: its shard moved to another replica`, {
      ...options,
      retryable: true,
    });
  }
}

/** Whether `e` is a {@link ShardRevokedError}. */
export function isShardRevoked(e: unknown): boolean {
  return hasReason(e, 'ShardRevoked');
}
