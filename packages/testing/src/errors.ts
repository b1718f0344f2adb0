import { KubekitError } from '@kubekit/core';
import { hasReason } from '@kubekit/core/internal';

/**
 * Why a test API server could not do what was asked.
 *
 * - `Unavailable`: no server can be run here (no Go toolchain to build the harness, no binary, or a
 *   `KUBEBUILDER_ASSETS` folder without the binaries). Not retryable; local suites skip on it.
 * - `StartFailed`: the server process exited or reported an error before it was ready.
 * - `Timeout`: the server, or a CRD, did not become ready in time. Retryable.
 * - `InvalidCrd`: a CRD source could not be read or is not a CustomResourceDefinition.
 * - `CrdNotEstablished`: the server refused a CRD or never marked it Established.
 * - `InvalidWebhook`: a webhook configuration given to `installWebhooks` names no path.
 * - `InvalidRecording`: a recording folder (`FakeApiServer.start({ recording })`) cannot be read at all.
 * - `Stopped`: the environment was used after `stop()`.
 * - `Aborted`: the caller's `AbortSignal` fired.
 */
export type TestEnvironmentErrorReason =
  | 'Unavailable'
  | 'StartFailed'
  | 'Timeout'
  | 'InvalidCrd'
  | 'CrdNotEstablished'
  | 'InvalidWebhook'
  | 'InvalidRecording'
  | 'Stopped'
  | 'Aborted';

/** Every {@link TestEnvironmentErrorReason}: what {@link isTestEnvironmentError} accepts. */
const TEST_ENVIRONMENT_ERROR_REASONS = Object.keys({
  Unavailable: true,
  StartFailed: true,
  Timeout: true,
  InvalidCrd: true,
  CrdNotEstablished: true,
  InvalidWebhook: true,
  InvalidRecording: true,
  Stopped: true,
  Aborted: true,
} satisfies Record<TestEnvironmentErrorReason, true>) as readonly TestEnvironmentErrorReason[];

/** The one error class of `@kubekit/testing` (a `KubekitError` of `@kubekit/core`); tell cases apart by {@link TestEnvironmentError.reason}. */
export class TestEnvironmentError extends KubekitError {
  /** The class name, `'TestEnvironmentError'`: what logs and stack traces start with. */
  override readonly name = 'TestEnvironmentError';
  /** Machine-readable cause class; stable across versions. */
  readonly reason: TestEnvironmentErrorReason;
  /** Whether trying again may succeed: `Timeout` only. */
  readonly retryable: boolean;

  constructor(reason: TestEnvironmentErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
    this.retryable = reason === 'Timeout';
  }
}

/**
 * True when `err` is a {@link TestEnvironmentError}: an error whose `reason` is one of
 * {@link TestEnvironmentErrorReason}, or the given one (checked by `reason`, so two copies of the
 * package agree).
 */
export function isTestEnvironmentError(err: unknown, reason?: TestEnvironmentErrorReason): boolean {
  return reason === undefined ? hasReason(err, ...TEST_ENVIRONMENT_ERROR_REASONS) : hasReason(err, reason);
}

/** Throws `Aborted` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new TestEnvironmentError('Aborted', `${what} was aborted`, { cause: signal.reason });
  }
}
