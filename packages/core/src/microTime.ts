/**
 * A `MicroTime` as the API server writes it (Lease `renewTime`, Event `eventTime`): RFC 3339 in
 * UTC with six fraction digits, e.g. `2026-12-01T17:09:03.123000Z`. JavaScript dates have
 * milliseconds, so the last three digits are zeros.
 * @param epochMs milliseconds since the Unix epoch. @default now (`Date.now()`)
 */
export function microTime(epochMs: number = Date.now()): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * A `Time` as the API server writes it (`creationTimestamp`, a condition's `lastTransitionTime`):
 * RFC 3339 in UTC to the second, e.g. `2026-12-01T17:09:03Z`, as apimachinery's `metav1.Time`
 * serialises.
 * @param epochMs milliseconds since the Unix epoch. @default now (`Date.now()`)
 */
export function kubeTime(epochMs: number = Date.now()): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
