/**
 * The cache's error idiom: each error has a literal `reason`, a `retryable` flag and keeps its
 * `cause`; the `isXxx` guards check `reason` only; bad arguments throw the client's
 * `InvalidInputError` naming the argument.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CacheError,
  CacheNotStartedError,
  CacheStartedError,
  CacheSyncError,
  CacheSyncTimeoutError,
  InformerCache,
  InformerStoppedError,
  isCacheNotStarted,
  isCacheStarted,
  isCacheSyncError,
  isCacheSyncTimeout,
  isInformerStopped,
  isMissingInformer,
  MissingInformerError,
  Store,
} from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { InvalidInputError, isInvalidInput } from '@kubekit/core';
import { FakeApiServer } from '@kubekit/testing';

describe('cache errors', () => {
  const cause = new Error('forbidden');
  const cases: [string, CacheError, (e: unknown) => boolean, boolean][] = [
    ['CacheSyncFailed', new CacheSyncError('ConfigMap.v1', cause), isCacheSyncError, false],
    ['CacheSyncTimeout', new CacheSyncTimeoutError('ConfigMap.v1', 100, cause), isCacheSyncTimeout, true],
    ['InformerStopped', new InformerStoppedError('ConfigMap.v1'), isInformerStopped, false],
    ['CacheNotStarted', new CacheNotStartedError(), isCacheNotStarted, false],
    ['CacheStarted', new CacheStartedError(), isCacheStarted, false],
    ['MissingInformer', new MissingInformerError('ConfigMap.v1'), isMissingInformer, false],
  ];

  it.each(cases)('%s has its literal reason, retryable flag and guard', (reason, error, guard, retryable) => {
    expect(error).toBeInstanceOf(CacheError);
    expect(error.reason).toBe(reason);
    expect(error.retryable).toBe(retryable);
    expect(guard(error)).toBe(true);
    for (const [other, , otherGuard] of cases) if (other !== reason) expect(otherGuard(error)).toBe(false);
  });

  it.each(cases)('the %s guard matches by reason: a plain object, or a cause carried as one', (reason, _e, guard) => {
    const plain = { reason, message: 'from another copy of @kubekit/cache' };
    expect(guard(plain)).toBe(true);
    expect(guard(new CacheSyncTimeoutError('ConfigMap.v1', 1, plain).cause)).toBe(true);
    expect(guard({ reason: `${reason}X` })).toBe(false);
    expect(guard(null)).toBe(false);
  });

  it('sync errors keep their cause', () => {
    expect(new CacheSyncError('ConfigMap.v1', cause).cause).toBe(cause);
    expect(new CacheSyncTimeoutError('ConfigMap.v1', 100, cause).cause).toBe(cause);
  });

  it('every cache error takes a cause', () => {
    expect(
      [
        new InformerStoppedError('ConfigMap.v1', { cause }),
        new CacheNotStartedError({ cause }),
        new CacheStartedError({ cause }),
        new MissingInformerError('ConfigMap.v1', { cause }),
      ].map((e) => e.cause),
    ).toEqual([cause, cause, cause, cause]);
  });
});

/** Runs `f` and returns what it threw, asserting it is an `InvalidInputError` for `field`. */
function invalidInput(f: () => unknown, field: string, message: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  expect(isInvalidInput(thrown)).toBe(true);
  expect(thrown).toMatchObject({ reason: 'InvalidInput', retryable: false, field });
  expect((thrown as Error).message).toMatch(message);
}

describe('InformerCache.start twice', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(() => server?.stop());

  it('rejects the second start with CacheStartedError', async () => {
    const client = new Client({ kubeConfig: server.kubeConfig });
    const stop = new AbortController();
    try {
      const cache = new InformerCache({ client });
      const running = cache.start(stop.signal);
      const second = await cache.start(stop.signal).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(second).toBeInstanceOf(CacheStartedError);
      expect(isCacheStarted(second)).toBe(true);
      expect(second).toMatchObject({ reason: 'CacheStarted', retryable: false });
      stop.abort();
      await running;
    } finally {
      client.close();
    }
  });
});

describe('bad arguments throw InvalidInputError naming the argument', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(() => server?.stop());

  it('Store: an index added twice, a list by an unknown index', () => {
    const store = new Store();
    store.addIndex('tier', () => []);
    invalidInput(() => store.addIndex('tier', () => []), 'name', /index "tier" exists/);
    invalidInput(() => store.list({ index: { color: 'red' } }), 'index.color', /no index named "color"/);
  });

  it('InformerCache.indexField: an index added twice for a kind', () => {
    const client = new Client({ kubeConfig: server.kubeConfig });
    try {
      const cache = new InformerCache({ client });
      cache.indexField(builtinKinds.ConfigMap, 'data.color', () => []);
      invalidInput(
        () => cache.indexField(builtinKinds.ConfigMap, 'data.color', () => []),
        'name',
        /index "data.color" exists for/,
      );
    } finally {
      client.close();
    }
  });
});
