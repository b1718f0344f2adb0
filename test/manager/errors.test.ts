/**
 * The manager's error idiom: every error has a literal `reason`, a `retryable` flag and a `cause`;
 * the `isXxx` guards check `reason` only (so an error from another copy of the package, or one that
 * crossed a boundary as a plain object, still matches); bad options throw the client's
 * `InvalidInputError` naming the option.
 */
import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, isInvalidInput, silentLogger } from '@kubekit/core';
import {
  BucketRateLimiter,
  Controller,
  ExponentialFailureRateLimiter,
  isLeaderElectionLost,
  isManagerStarted,
  isNotLeader,
  isReconcileTimeout,
  isShutdownTimeout,
  isTerminalError,
  LeaderElectionLostError,
  ManagerError,
  ManagerStartedError,
  MaxOfRateLimiter,
  NotLeaderError,
  ReconcileTimeoutError,
  Result,
  ShutdownTimeoutError,
  TerminalError,
} from '@kubekit/manager';
import { FakeClient } from '@kubekit/testing';
import { resolveControllerOptions } from '../../packages/manager/src/controller/controller.js';
import { resolveLeaderElectionOptions } from '../../packages/manager/src/leaderelection/leaderElector.js';
import { resolveWorkQueueOptions } from '../../packages/manager/src/queue/workQueue.js';

describe('manager errors', () => {
  const cases: [string, ManagerError, (e: unknown) => boolean, boolean][] = [
    ['ReconcileTimeout', new ReconcileTimeoutError('widgets', 10), isReconcileTimeout, true],
    ['ManagerStarted', new ManagerStartedError('started twice'), isManagerStarted, false],
    ['LeaderElectionLost', new LeaderElectionLostError('ns/lease'), isLeaderElectionLost, false],
    ['NotLeader', new NotLeaderError('ns/lease', 'replica-a'), isNotLeader, false],
    ['ShutdownTimeout', new ShutdownTimeoutError(30_000), isShutdownTimeout, false],
    ['Terminal', new TerminalError('invalid spec'), isTerminalError, false],
  ];

  it.each(cases)('%s has its literal reason, retryable flag and guard', (reason, error, guard, retryable) => {
    expect(error).toBeInstanceOf(ManagerError);
    expect(error.reason).toBe(reason);
    expect(error.retryable).toBe(retryable);
    expect(guard(error)).toBe(true);
    // every other guard refuses it
    for (const [other, , otherGuard] of cases) if (other !== reason) expect(otherGuard(error)).toBe(false);
  });

  it.each(cases)('the %s guard matches by reason: a plain object, or a cause carried as one', (reason, _e, guard) => {
    const plain = { reason, message: 'from another copy of @kubekit/manager' };
    expect(guard(plain)).toBe(true);
    const wrapped = new TerminalError('wrapped', { cause: plain });
    expect(guard(wrapped.cause)).toBe(true);
    expect(guard({ reason: `${reason}X` })).toBe(false);
    expect(guard(undefined)).toBe(false);
    expect(guard(reason)).toBe(false);
  });

  it('an error that only looks like a TerminalError (another copy) is treated as terminal', () => {
    class ForeignTerminal extends Error {
      readonly reason = 'Terminal';
    }
    expect(isTerminalError(new ForeignTerminal('x'))).toBe(true);
  });

  it('TerminalError keeps its cause and is not retryable', () => {
    const cause = new Error('spec.size is negative');
    const e = new TerminalError('invalid spec', { cause });
    expect(e.cause).toBe(cause);
    expect(e.name).toBe('TerminalError');
    expect(e.retryable).toBe(false);
  });

  it('LeaderElectionLostError keeps its cause; ShutdownTimeoutError names its grace period', () => {
    const cause = new Error('lease renewal failed');
    expect(new LeaderElectionLostError('ns/lease', { cause }).cause).toBe(cause);
    const timeout = new ShutdownTimeoutError(1234);
    expect(timeout.timeoutMs).toBe(1234);
    expect(timeout.message).toContain('1234 ms');
    expect(timeout.message).toContain('gracefulShutdownTimeoutMs');
  });

  it('every manager error takes a cause', () => {
    const cause = new Error('underneath');
    const errors = [
      new ReconcileTimeoutError('widgets', 10, { cause }),
      new ManagerStartedError('started twice', { cause }),
      new ShutdownTimeoutError(1, { cause }),
    ];
    expect(errors.map((e) => [e.cause, e.retryable])).toEqual([
      [cause, true],
      [cause, false],
      [cause, false],
    ]);
  });
});

/** Runs `f` and returns what it threw, asserting it is an `InvalidInputError` for `field`. */
function invalidInput(f: () => unknown, field: string, message: RegExp): InvalidInputError {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  expect(isInvalidInput(thrown)).toBe(true);
  const e = thrown as InvalidInputError;
  expect(e.reason).toBe('InvalidInput');
  expect(e.retryable).toBe(false);
  expect(e.field).toBe(field);
  expect(e.message.startsWith(`${field}: `)).toBe(true);
  expect(e.message).toMatch(message);
  return e;
}

describe('bad options throw InvalidInputError naming the option', () => {
  const lease = { name: 'lease', namespace: 'ns', identity: 'me', logger: silentLogger };

  it('leaderElection durations', () => {
    invalidInput(
      () => resolveLeaderElectionOptions({ ...lease, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }),
      'leaderElection.leaseDurationMs',
      /must be greater than renewDeadlineMs \(10000\), got 10000/,
    );
    invalidInput(
      () => resolveLeaderElectionOptions({ ...lease, renewDeadlineMs: 2_000, retryPeriodMs: 3_000 }),
      'leaderElection.renewDeadlineMs',
      /must be greater than retryPeriodMs \(3000\), got 2000/,
    );
    invalidInput(
      () => resolveLeaderElectionOptions({ ...lease, retryPeriodMs: 0 }),
      'leaderElection.retryPeriodMs',
      /must be greater than 0, got 0/,
    );
    expect(resolveLeaderElectionOptions(lease).leaseDurationMs).toBe(15_000);
  });

  it('controller options', async () => {
    using client = await FakeClient.create();
    const base = {
      name: 'widgets',
      reconciler: { reconcile: async () => undefined },
      informers: () => Promise.reject(new Error('not started in this test')),
      client,
    };
    invalidInput(
      () => resolveControllerOptions({ ...base, maxConcurrentReconciles: 0 }),
      'maxConcurrentReconciles',
      /integer >= 1, got 0/,
    );
    invalidInput(
      () => resolveControllerOptions({ ...base, maxConcurrentReconciles: 1.5 }),
      'maxConcurrentReconciles',
      /got 1.5/,
    );
    invalidInput(
      () => resolveControllerOptions({ ...base, reconcileTimeoutMs: -1 }),
      'reconcileTimeoutMs',
      />= 0 .*got -1/,
    );
    invalidInput(() => new Controller({ ...base, maxConcurrentReconciles: -2 }), 'maxConcurrentReconciles', /got -2/);
  });

  it('work queue and rate limiter options', () => {
    invalidInput(() => resolveWorkQueueOptions({ maxPriorityStreak: 0 }), 'maxPriorityStreak', /integer >= 1, got 0/);
    invalidInput(() => new ExponentialFailureRateLimiter({ initialMs: 0 }), 'initialMs', /greater than 0, got 0/);
    invalidInput(
      () => new ExponentialFailureRateLimiter({ initialMs: 10, maxMs: 5 }),
      'maxMs',
      /at least initialMs \(10\), got 5/,
    );
    invalidInput(() => new BucketRateLimiter({ qps: 0 }), 'qps', /greater than 0, got 0/);
    invalidInput(() => new BucketRateLimiter({ burst: 0 }), 'burst', /at least 1, got 0/);
    invalidInput(() => new MaxOfRateLimiter(), 'limiters', /at least one limiter/);
  });

  it('Result.requeueAfter', () => {
    invalidInput(() => Result.requeueAfter(-1), 'requeueAfter', /ms >= 0, got -1/);
    invalidInput(() => Result.requeueAfter(Number.NaN), 'requeueAfter', /got NaN/);
  });
});
