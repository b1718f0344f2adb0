import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

/** The classes of prom-client the manager's metrics are made of. */
export interface PromClientClasses {
  readonly Registry: typeof PromClient.Registry;
  readonly Counter: typeof PromClient.Counter;
  readonly Gauge: typeof PromClient.Gauge;
  readonly Histogram: typeof PromClient.Histogram;
}

const require = createRequire(import.meta.url);
let classes: PromClientClasses | undefined;

/**
 * prom-client's file `lib/<file>` alone, else the same export of the whole package (a prom-client
 * laid out differently). Its entry point loads everything, and its default collectors load
 * OpenTelemetry's API: ~70 ms and ~12 MB at startup that a manager without default collectors, or
 * whose registry is never read, need not pay. The files are the ones the entry point re-exports, so
 * a metric made from either is the same class.
 */
function part<T>(file: string, name: keyof typeof PromClient): T {
  try {
    return require(`prom-client/lib/${file}`) as T;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw err;
    return (require('prom-client') as Record<string, unknown>)[name] as T;
  }
}

/** prom-client's `Registry`, `Counter`, `Gauge` and `Histogram`, loaded on first use (~4 MB). */
export function promClient(): PromClientClasses {
  classes ??= {
    Registry: part('registry', 'Registry'),
    Counter: part('counter', 'Counter'),
    Gauge: part('gauge', 'Gauge'),
    Histogram: part('histogram', 'Histogram'),
  };
  return classes;
}

/** prom-client's `collectDefaultMetrics` into `registry` (loads its collectors and OpenTelemetry's API). */
export function collectDefaultMetrics(registry: PromClient.Registry): void {
  part<typeof PromClient.collectDefaultMetrics>('defaultMetrics', 'collectDefaultMetrics')({ register: registry });
}
