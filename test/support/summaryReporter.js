/**
 * A jest reporter that ends the run with two plain lines: how many tests ran against the real API
 * server (files named *.integration.test.ts) in this run's server configuration (KUBEKIT_TEST_CONFIG,
 * e.g. `watchlist-off`; `default` when unset), and the overall count, in the form CI reads:
 *   real-server[default]: 12 passed, 0 failed, 0 skipped (harness)
 *   tests: 40 passed, 0 failed, 0 skipped
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const all = { passed: 0, failed: 0, skipped: 0 };
    const real = { passed: 0, failed: 0, skipped: 0 };
    for (const file of results.testResults) {
      const isReal = /\.integration\.test\.ts$/.test(file.testFilePath);
      if (file.testExecError) {
        all.failed += 1;
        if (isReal) real.failed += 1;
      }
      for (const t of file.testResults) {
        const key = t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped';
        all[key] += 1;
        if (isReal) real[key] += 1;
      }
    }
    const line = (c) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
    const backend = process.env.KUBEKIT_TEST_BACKEND ?? `none: ${process.env.KUBEKIT_TEST_SKIP ?? 'not started'}`;
    const config = process.env.KUBEKIT_TEST_CONFIG || 'default';
    process.stdout.write(`\nreal-server[${config}]: ${line(real)} (${backend})\ntests: ${line(all)}\n`);
  }
}
