/** The `reason` of every error of this package. */
export type ManagerErrorReason =
  | 'ReconcileTimeout'
  | 'AlreadyOwned'
  | 'InvalidOwner'
  | 'ManagerStarted'
  | 'LeaderElectionLost'
  | 'ShutdownTimeout';

/** Base class of this package's errors: a literal `reason`, and a `cause` where there is one. */
export class ManagerError extends Error {
  readonly reason: ManagerErrorReason;

  constructor(reason: ManagerErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.reason = reason;
  }
}

function has(e: unknown, reason: ManagerErrorReason): boolean {
  return e instanceof Error && (e as { reason?: unknown }).reason === reason;
}

/** A reconcile ran past `reconcileTimeoutMs`; its signal was aborted. Retryable (requeued with backoff). */
export class ReconcileTimeoutError extends ManagerError {
  declare readonly reason: 'ReconcileTimeout';
  constructor(controller: string, ms: number) {
    super('ReconcileTimeout', `reconcile of ${controller} ran past its timeout of ${ms} ms`);
  }
}

/** Whether `e` is a {@link ReconcileTimeoutError}. */
export function isReconcileTimeout(e: unknown): e is ReconcileTimeoutError {
  return has(e, 'ReconcileTimeout');
}

/** `setControllerReference`: the object already has another controller owner. Not retryable. */
export class AlreadyOwnedError extends ManagerError {
  declare readonly reason: 'AlreadyOwned';
  constructor(object: string, owner: string) {
    super('AlreadyOwned', `${object} is already controlled by ${owner}`);
  }
}

/** Whether `e` is an {@link AlreadyOwnedError}. */
export function isAlreadyOwned(e: unknown): e is AlreadyOwnedError {
  return has(e, 'AlreadyOwned');
}

/** An owner reference that cannot be set: cross-namespace, or a cluster-scoped object owned by a namespaced one. Not retryable. */
export class InvalidOwnerError extends ManagerError {
  declare readonly reason: 'InvalidOwner';
  constructor(message: string) {
    super('InvalidOwner', message);
  }
}

/** Whether `e` is an {@link InvalidOwnerError}. */
export function isInvalidOwner(e: unknown): e is InvalidOwnerError {
  return has(e, 'InvalidOwner');
}

/** `start` of a manager that was started already, or `add` of a runnable after it stopped. */
export class ManagerStartedError extends ManagerError {
  declare readonly reason: 'ManagerStarted';
  constructor(message: string) {
    super('ManagerStarted', message);
  }
}

/** The manager lost its leader-election lease; its leader-only runnables were stopped. */
export class LeaderElectionLostError extends ManagerError {
  declare readonly reason: 'LeaderElectionLost';
  constructor(lease: string, options?: { cause?: unknown }) {
    super('LeaderElectionLost', `leader election lost: lease ${lease}`, options);
  }
}

/** Whether `e` is a {@link LeaderElectionLostError}. */
export function isLeaderElectionLost(e: unknown): e is LeaderElectionLostError {
  return has(e, 'LeaderElectionLost');
}
