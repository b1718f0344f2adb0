/**
 * Jest `globalSetup`: starts one real API server for the whole run. Configure with
 * `globalSetup: '@kubekit/testing/jest-global-setup'` and `globalTeardown:
 * '@kubekit/testing/jest-global-teardown'`; test files reach it with `sharedTestServer()`.
 */
import { startSharedTestServer } from '../shared.js';

const KEY = Symbol.for('kubekit.testing.sharedServer');

export default async function globalSetup(): Promise<void> {
  (globalThis as Record<symbol, unknown>)[KEY] = await startSharedTestServer();
}
