/** The `reason` of every error of this package. */
export type ManagerErrorReason = 'ReconcileTimeout' | 'ManagerStarted' | 'LeaderElectionLost' | 'ShutdownTimeout';

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
