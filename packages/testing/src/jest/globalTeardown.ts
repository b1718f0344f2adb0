/** Jest `globalTeardown`: stops the server the global setup started. */
import type { TestEnvironment } from '../testEnvironment.js';

const KEY = Symbol.for('kubekit.testing.sharedServer');

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as Record<symbol, unknown>)[KEY] as TestEnvironment | undefined;
  await env?.stop();
}
