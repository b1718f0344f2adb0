#!/usr/bin/env node
/**
 * `kubekit-test-apiserver`: the test API server command on its own (the same as
 * `kubekit test-server` of `@kubekit/cli`); see commands/testServer.ts.
 */
import { runTestServer } from './commands/testServer.js';

try {
  await runTestServer(process.argv.slice(2), { name: 'kubekit-test-apiserver' });
} catch (err) {
  const usage =
    typeof (err as { code?: unknown }).code === 'string' &&
    String((err as { code: string }).code).startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`kubekit-test-apiserver: ${(err as Error).message}\n`);
  process.exitCode = usage ? 2 : 1;
}
