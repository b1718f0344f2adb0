/**
 * An error a reconciler throws when retrying cannot help (the object is invalid, a reference can
 * never resolve): it is logged and counted as an error, but the request is not requeued. It will be
 * reconciled again on the next watched event. Any other thrown error requeues with backoff.
 */
export class TerminalError extends Error {
  /** Always `'Terminal'`. */
  readonly reason = 'Terminal' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** Whether `e` is a {@link TerminalError} (checked by `reason`, so two copies of the package agree). */
export function isTerminalError(e: unknown): e is TerminalError {
  return e instanceof Error && (e as { reason?: unknown }).reason === 'Terminal';
}
