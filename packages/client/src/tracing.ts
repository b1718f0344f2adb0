import { createRequire } from 'node:module';
import type * as OpenTelemetryApi from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';

/**
 * Where OpenTelemetry's API (1.x) keeps what an SDK registers — tracer provider, context manager,
 * propagator, diagnostics logger. Every copy of the API shares it, which is what makes it safe to read.
 */
const OPENTELEMETRY_GLOBAL = Symbol.for('opentelemetry.js.api.1');

let api: typeof OpenTelemetryApi | undefined;
const tracers = new Map<string, Tracer>();

/**
 * The tracer `name` of OpenTelemetry's API, and the API, once something has registered with the API;
 * `undefined` before. Until an SDK registers a tracer provider every span is a no-op, so the API is
 * not loaded at all: it costs 40-200 ms and a few MB at startup, which a program that never traces
 * should not pay. Asked again at each span, so an SDK registered after kubekit was imported (or
 * after the manager started) is picked up from its next span on, as with the API's own proxy tracer.
 */
export function openTelemetryTracer(name: string): { api: typeof OpenTelemetryApi; tracer: Tracer } | undefined {
  if (api === undefined) {
    if ((globalThis as Record<symbol, unknown>)[OPENTELEMETRY_GLOBAL] === undefined) return undefined;
    api = createRequire(import.meta.url)('@opentelemetry/api') as typeof OpenTelemetryApi;
  }
  let tracer = tracers.get(name);
  if (tracer === undefined) {
    tracer = api.trace.getTracer(name);
    tracers.set(name, tracer);
  }
  return { api, tracer };
}
