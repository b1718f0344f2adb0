/** `kubekit gather`: records a cluster into a folder with `gather()` of `@kubekit/testing`. */
import { parseArgs } from 'node:util';
import type { GatherSummary } from '@kubekit/testing';
import { listOption, parseDuration, parseInteger, parsePositive } from '../args.js';
import { CommandError, UsageError } from '../errors.js';
import { ProgressLine } from '../progress.js';

/** Where a recording goes when no folder is named. */
export const DEFAULT_GATHER_DIR = 'recording';
/**
 * `gather()`'s defaults, as the help states them: written out so that `--help` loads nothing
 * (test/cli checks them against `DEFAULT_GATHER_PAGE_SIZE` and `DEFAULT_GATHER_CONCURRENCY`).
 */
export const HELP_DEFAULTS = { pageSize: 500, concurrency: 8 };

export const HELP = `usage: kubekit gather [DIR] [options]

Records the cluster into DIR (default: ./${DEFAULT_GATHER_DIR}): every kind discovery announces with the
list verb, one YAML file per object under cluster/<group>/<version>/<kind>/ and
namespaces/<ns>/<group>/<version>/<kind>/, the discovery documents, /version and recording.json.
Run it again on the same DIR to resume: kinds recorded completely are skipped.

Options:
  --kubeconfig PATH        the kubeconfig (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)
  --context NAME           its context (default: its current-context)
  -k, --kind KIND          only these kinds (repeatable or comma-separated; pods, deploy, widgets.example.com)
  --exclude-kind KIND      not these kinds
  -n, --namespace NS       only objects in these namespaces (cluster-scoped kinds are still recorded)
  --exclude-namespace NS   not objects in these namespaces
  -l, --selector SELECTOR  only objects with these labels (app=web,tier!=db)
  --secret ENV             redact the value of environment variable ENV wherever it occurs, plain or
                           base64 (repeatable)
  --keep-secrets           keep Secret data (default: each value becomes base64 of REDACTED)
  --watch DURATION         then record changes for DURATION (30s, 5m, 1h) into watch.jsonl as RFC 6902
                           patches with their time offsets; Ctrl-C ends it early and keeps what was recorded
  --page-size N            objects per list request (default: ${HELP_DEFAULTS.pageSize})
  --concurrency N          kinds listed at once (default: ${HELP_DEFAULTS.concurrency})
  --qps N, --burst N       the client's rate limit (default: 20 requests/s, bursts of 30)
  --help                   this help

Lists the server refuses (403 and the like) are listed in the summary and in recording.json, not fatal.
`;

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      kind: { type: 'string', short: 'k', multiple: true },
      'exclude-kind': { type: 'string', multiple: true },
      namespace: { type: 'string', short: 'n', multiple: true },
      'exclude-namespace': { type: 'string', multiple: true },
      selector: { type: 'string', short: 'l' },
      secret: { type: 'string', multiple: true },
      'keep-secrets': { type: 'boolean' },
      watch: { type: 'string' },
      'page-size': { type: 'string' },
      concurrency: { type: 'string' },
      qps: { type: 'string' },
      burst: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.join(' ')}`);
  const dir = positionals[0] ?? DEFAULT_GATHER_DIR;
  const secretValues = (values.secret ?? []).map((env) => {
    const value = process.env[env];
    if (value === undefined || value === '')
      throw new UsageError(`--secret ${env}: the environment variable ${env} is not set or empty`);
    return value;
  });
  const watchMs = values.watch === undefined ? 0 : parseDuration('--watch', values.watch);
  const pageSize = parseInteger('--page-size', values['page-size'], HELP_DEFAULTS.pageSize, 1);
  const concurrency = parseInteger('--concurrency', values.concurrency, HELP_DEFAULTS.concurrency, 1);
  const qps = values.qps === undefined ? undefined : parsePositive('--qps', values.qps, 0);
  const burst = values.burst === undefined ? undefined : parseInteger('--burst', values.burst, 0, 1);
  // loaded once the command line is known good: @kubekit/testing takes a while to load (it imports client-node)
  const { readKubeConfig } = await import('@kubekit/client');
  const { gather } = await import('@kubekit/testing');
  const kubeConfig = readKubeConfig({
    ...(values.kubeconfig !== undefined && { path: values.kubeconfig }),
    ...(values.context !== undefined && { context: values.context }),
  });

  const progress = new ProgressLine();
  const interrupt = new AbortController();
  const watchStop = new AbortController();
  let phase: 'listing' | 'watching' | 'done' = 'listing';
  const onSignal = () => (phase === 'watching' ? watchStop : interrupt).abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const startedAt = Date.now();
  let summary: GatherSummary;
  try {
    summary = await gather({
      dir,
      kubeConfig,
      ...optional('kinds', listOption(values.kind)),
      ...optional('excludeKinds', listOption(values['exclude-kind'])),
      ...optional('namespaces', listOption(values.namespace)),
      ...optional('excludeNamespaces', listOption(values['exclude-namespace'])),
      ...optional('labelSelector', values.selector),
      secretValues,
      keepSecrets: values['keep-secrets'] ?? false,
      watchMs,
      watchStop: watchStop.signal,
      pageSize,
      concurrency,
      ...optional('qps', qps),
      ...optional('burst', burst),
      signal: interrupt.signal,
      onProgress: (p) => {
        phase = p.phase;
        const kinds = `kinds ${p.kindsDone}/${p.kindsTotal}, objects ${p.objects}`;
        progress.update(p.phase === 'watching' ? `${kinds}, changes ${p.changes} (Ctrl-C to stop)` : kinds);
      },
    });
  } catch (err) {
    progress.clear();
    if (interrupt.signal.aborted) {
      throw new CommandError(`interrupted; ${dir} holds what was written (run again to resume)`);
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  progress.clear();
  process.stdout.write(formatSummary(summary, Date.now() - startedAt));
}

/** `{ [key]: value }`, or nothing when `value` is undefined (for exactOptionalPropertyTypes-style options). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** What was written and refused, for people. */
export function formatSummary(s: GatherSummary, elapsedMs: number): string {
  const lines = [
    `recorded ${s.objects} objects of ${s.manifest.kinds.length - s.resumed.length} kinds into ${s.dir} in ${(elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (s.resumed.length > 0) lines.push(`resumed: ${s.resumed.length} kinds were already recorded and were skipped`);
  if (s.manifest.watchDurationMs !== undefined) {
    lines.push(`changes: ${s.changes} in ${(s.manifest.watchDurationMs / 1000).toFixed(1)} s (watch.jsonl)`);
  }
  if (s.manifest.refused.length > 0) {
    lines.push(`refused: ${s.manifest.refused.length} lists`);
    for (const r of s.manifest.refused) {
      const gvr = r.group === '' ? `${r.version}/${r.resource}` : `${r.group}/${r.version}/${r.resource}`;
      lines.push(`  ${gvr}${r.namespace ? ` in ${r.namespace}` : ''}: ${r.code} ${r.message}`);
    }
  }
  for (const f of s.discoveryFailures) lines.push(`discovery: ${f.path} not recorded: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
