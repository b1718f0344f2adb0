/**
 * `@kubekit/testing/internal`: the commands `@kubekit/cli` runs (`kubekit test-server`). For
 * kubekit's packages only: it is not public API, carries no semver promise and may change in any
 * release. Users import `@kubekit/testing`, or run the `kubekit` command.
 *
 * @packageDocumentation
 */
export { runTestServer, testServerHelp } from './commands/testServer.js';
