/**
 * `@kubekit/testing/internal`: what `@kubekit/cli` runs for `kubekit test-server`, loading the
 * servers only once one is run (so its `--help` is quick). For
 * kubekit's packages only: it is not public API, carries no semver promise and may change in any
 * release. Users import `@kubekit/testing`, or run the `kubekit` command.
 *
 * @packageDocumentation
 */
export { runTestServer, testServerHelp } from './commands/testServer.js';
