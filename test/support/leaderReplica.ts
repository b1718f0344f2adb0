/**
 * One replica of an operator with leader election, run as an OS process of its own by
 * test/manager/leaderElection.integration.test.ts (`node test/support/leaderReplica.ts '<json>'`).
 * It reads the cluster from $KUBECONFIG, as a deployed operator does, and its election options
 * (`name`, `namespace`, `identity`, durations) from the JSON argument. It prints one JSON line per
 * step on stdout, `{ step, identity, at }` with `at` in wall-clock ms:
 * - `campaigning`: the manager starts (and with it the election);
 * - `leading`: its leader-only runnable started;
 * - `stopped-leading`: that runnable stopped;
 * - `exited`: `start()` resolved after a graceful shutdown (SIGTERM), or `failed` with the error.
 * Logs go to stderr. It also shuts down when its stdin closes (the test process went away), so a
 * test run that dies cannot leave replicas behind.
 */

import { consoleLogger } from '@kubekit/core';
import { type LeaderElectionOptions, Manager, signalHandler } from '@kubekit/manager';

const election = JSON.parse(process.argv[2] ?? '{}') as Omit<LeaderElectionOptions, 'clock' | 'logger'>;

function say(step: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ step, identity: election.identity, at: Date.now(), ...extra })}\n`);
}

const mgr = new Manager({ leaderElection: election, logger: consoleLogger({ format: 'json' }) });
mgr.add({
  needLeaderElection: true,
  async start(signal) {
    say('leading');
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    say('stopped-leading');
  },
});
const orphaned = new AbortController();
process.stdin.once('end', () => orphaned.abort()).resume();
say('campaigning');
try {
  await mgr.start(AbortSignal.any([signalHandler(), orphaned.signal])); // until SIGTERM or SIGINT
  say('exited');
} catch (error) {
  say('failed', { error: String(error) });
  process.exitCode = 1;
} finally {
  process.stdin.destroy();
}
