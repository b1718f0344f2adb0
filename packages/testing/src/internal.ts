/**
 * `@kubekit/testing/internal`: what `@kubekit/cli` runs (`kubekit test-server`, and `gather`
 * without loading the servers of the package's main entry). For
 * kubekit's packages only: it is not public API, carries no semver promise and may change in any
 * release. Users import `@kubekit/testing`, or run the `kubekit` command.
 *
 * @packageDocumentation
 */
export { runTestServer, testServerHelp } from './commands/testServer.js';
export { gather } from './recording/gather.js';
