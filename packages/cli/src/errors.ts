/** The errors of the `kubekit` command itself. */

/** A command line the command cannot run: a missing argument, an unknown option, a bad value. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly reason = 'Usage';
}

/** Whether `err` is a usage error: ours, or `node:util` parseArgs' (`ERR_PARSE_ARGS_*`). */
export function isUsageError(err: unknown): boolean {
  if (err instanceof UsageError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** The command could not do its work; the message says why. Exit code 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly reason = 'CommandFailed';
}
