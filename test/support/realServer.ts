/**
 * Real-API-server suites: `describeReal` runs them against the run's shared server (started by the
 * jest global setup). Where no server can run here (a laptop without Go) they are reported as
 * skipped, with the reason printed by the global setup; under CI=true the global setup fails instead.
 */
import { describe } from '@jest/globals';
import { type SharedTestServer, sharedTestServer } from '@kubekit/testing';

const state = sharedTestServer();

/** `describe` when the shared server runs, otherwise a skipped `describe`. */
export const describeReal = state.available ? describe : describe.skip;

/**
 * Whether the run's server serves streaming lists (`sendInitialEvents`). False in the
 * `watchlist-off` configuration (`--feature-gates=WatchList=false`), which behaves like clusters
 * before 1.34: such a server refuses `sendInitialEvents` with 422 and informers fall back to a list.
 */
export const serverStreamsLists = !/\bWatchList=false\b/.test(process.env.KUBEKIT_TEST_SERVER_ARGS ?? '');

/** The shared server; only call inside a `describeReal` block. */
export function realServer(): SharedTestServer {
  if (!state.available) throw new Error(`no real API server: ${state.reason}`);
  return state;
}
