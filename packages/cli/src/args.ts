/** Reading option values of the subcommands; a bad value is a {@link UsageError} naming the option. */
import { UsageError } from './errors.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as `500ms`, `30s`, `5m`, `1h` or a sum of them (`1m30s`), in milliseconds. */
export function parseDuration(option: string, value: string): number {
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(value) ? [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)] : [];
  if (parts.length === 0) throw new UsageError(`${option} ${value}: expected a duration such as 30s, 5m, 1h or 1m30s`);
  return Math.round(parts.reduce((ms, [, n, unit]) => ms + Number(n) * (UNITS[unit as string] as number), 0));
}

/** A whole number of at least `min`. */
export function parseInteger(option: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new UsageError(`${option} ${value}: expected a whole number >= ${min}`);
  return n;
}

/** A number greater than 0. */
export function parsePositive(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${option} ${value}: expected a number > 0`);
  return n;
}

/** The values of a repeatable option, each also split at commas; `undefined` when not given. */
export function listOption(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
