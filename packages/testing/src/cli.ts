#!/usr/bin/env node
/**
 * `kubekit-test-apiserver`: runs a TestEnvironment (or, with `--fake`, a FakeApiServer seeded with
 * demo objects) until Ctrl-C and prints its kubeconfig, or with `--build` only builds (or finds) the
 * harness binary and prints its path and build time.
 */
import { FakeApiServer } from './fake/fakeApiServer.js';
import { resolveTestEnvironmentOptions } from './options.js';
import { resolveHarnessBinary } from './servers/harnessBinary.js';
import { TestEnvironment } from './testEnvironment.js';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(`usage: kubekit-test-apiserver [--build | --fake] [CRD paths...]

  Starts a real Kubernetes API server on loopback (kube-apiserver from KUBEBUILDER_ASSETS when set,
  otherwise kubekit's kube-apiserver harness), installs the CRDs given, prints a kubeconfig
  path, and runs until Ctrl-C.

  --build   only build (or find) the harness binary; print its path and the build time
  --fake    run the in-memory API server instead, seeded with demo objects (namespace demo)`);
} else if (args.includes('--build')) {
  const o = resolveTestEnvironmentOptions();
  const bin = await resolveHarnessBinary({
    explicit: o.harnessBinary,
    cacheDir: o.cacheDir,
    log: (l) => console.error(l),
  });
  console.log(JSON.stringify({ binary: bin.path, builtMillis: bin.builtMillis }));
} else if (args.includes('--fake')) {
  const server = await FakeApiServer.start({ crds: args.filter((a) => a !== '--fake'), seed: true });
  console.log(`in-memory API server at ${server.url}, ready in ${server.startMillis.toFixed(1)} ms`);
  console.log(server.kubectlHint());
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
} else {
  const env = await TestEnvironment.start({ crds: args });
  console.log(`${env.backend} API server at ${env.url}, ready in ${env.startMillis} ms`);
  console.log(`export KUBECONFIG=${env.kubeconfigPath}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await env.stop();
}
