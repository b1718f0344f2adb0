/**
 * Anything the manager runs: `start(signal)` runs until `signal` aborts and settles once stopped
 * (a rejection stops the whole manager with that error).
 */
export interface Runnable {
  /** Runs until `signal` aborts; settles once stopped. A rejection stops the whole manager with that error. */
  start(signal: AbortSignal): Promise<void>;
  /**
   * Whether it runs only on the elected leader. @default true for controllers, false for anything
   * else (a runnable without this field runs on every replica)
   */
  readonly needLeaderElection?: boolean;
  /** When it starts: `'server'` first, then caches, then `'other'` (controllers and the rest). @default 'other' */
  readonly group?: 'server' | 'other';
}

/** A health or readiness check: resolves when healthy, throws (or rejects) with the reason otherwise. */
export type HealthCheck = () => void | Promise<void>;
