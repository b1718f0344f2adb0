/**
 * `kubekit test-server` (and the `kubekit-test-apiserver` command): runs a TestEnvironment (or,
 * with `--fake`, a FakeApiServer seeded with demo objects) until stopped and prints its kubeconfig,
 * or with `--build` only builds (or finds) the harness binary and prints its path and build time.
 */
import { parseArgs } from 'node:util';

/** The help of {@link runTestServer}; `name` is the command as typed. */
export function testServerHelp(name: string): string {
  return `usage: ${name} [--build | --fake] [CRD paths...]

  Starts a real Kubernetes API server on loopback (kube-apiserver from KUBEBUILDER_ASSETS when set,
  otherwise kubekit's kube-apiserver harness), installs the CRDs given, prints a kubeconfig
  path, and runs until Ctrl-C.

  --build   only build (or find) the harness binary; print its path and the build time
  --fake    run the in-memory API server instead, seeded with demo objects (namespace demo)
  --help    this help
`;
}

/**
 * Runs the test API server command with its arguments (those after the command name) until
 * SIGINT/SIGTERM, or `signal` aborts.
 * @throws TypeError with `code` `ERR_PARSE_ARGS_*` for arguments it does not know (a usage error).
 */
export async function runTestServer(
  args: readonly string[],
  options: { name?: string; signal?: AbortSignal } = {},
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { build: { type: 'boolean' }, fake: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(testServerHelp(options.name ?? 'kubekit test-server'));
    return;
  }
  // the servers are loaded only when one is run (so `--help` is quick)
  if (values.build) {
    const { resolveTestEnvironmentOptions } = await import('../options.js');
    const { resolveHarnessBinary } = await import('../servers/harnessBinary.js');
    const o = resolveTestEnvironmentOptions();
    const bin = await resolveHarnessBinary({
      explicit: o.harnessBinary,
      cacheDir: o.cacheDir,
      log: (l) => console.error(l),
    });
    console.log(JSON.stringify({ binary: bin.path, builtMillis: bin.builtMillis }));
    return;
  }
  if (values.fake) {
    const { FakeApiServer } = await import('../fake/fakeApiServer.js');
    const server = await FakeApiServer.start({ crds: positionals, seed: true });
    console.log(`in-memory API server at ${server.url}, ready in ${server.startMillis.toFixed(1)} ms`);
    console.log(server.kubectlHint());
    await untilStopped(options.signal);
    await server.stop();
    return;
  }
  const { TestEnvironment } = await import('../testEnvironment.js');
  const env = await TestEnvironment.start({ crds: positionals });
  console.log(`${env.backend} API server at ${env.url}, ready in ${env.startMillis} ms`);
  console.log(`export KUBECONFIG=${env.kubeconfigPath}`);
  await untilStopped(options.signal);
  await env.stop();
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
