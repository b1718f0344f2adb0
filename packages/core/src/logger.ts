/**
 * The logger every kubekit part writes to (the manager, reconcilers, the leader elector, the
 * cached client). Its shape is a subset of pino's: a pino logger fits as it is
 * (`new Manager({ logger: pino() })`), and so does anything with these methods. Each call takes an
 * optional object of fields first, then the message. Loggers are passed per instance, never global.
 */
export interface Logger {
  /** Logs at level `error` (a failure someone should look at): `fields` are merged into the line, then the message. */
  error(fields: object, message?: string): void;
  /** Logs `message` at level `error`. */
  error(message: string): void;
  /** Logs at level `warn` (something unexpected that kubekit handles): `fields` are merged into the line, then the message. */
  warn(fields: object, message?: string): void;
  /** Logs `message` at level `warn`. */
  warn(message: string): void;
  /** Logs at level `info` (a normal event worth a line (a reconcile, a leader change)): `fields` are merged into the line, then the message. */
  info(fields: object, message?: string): void;
  /** Logs `message` at level `info`. */
  info(message: string): void;
  /** Logs at level `debug` (detail for troubleshooting, off by default in most loggers): `fields` are merged into the line, then the message. */
  debug(fields: object, message?: string): void;
  /** Logs `message` at level `debug`. */
  debug(message: string): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** Levels of {@link consoleLogger}, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Lines below this level are dropped. @default 'info' */
  level?: LogLevel;
  /** Where lines go. @default `console.error` (stderr) */
  write?: (line: string) => void;
  /** `'json'`: one JSON object a line (pino's shape); `'text'`: `level message key=value...`. @default 'text' */
  format?: 'json' | 'text';
  /** Fields on every line. @default {} */
  bindings?: Record<string, unknown>;
}

/** How many causes of an error a log line shows. */
const MAX_LOGGED_CAUSES = 8;

/** An error as a log field: name, message, `reason`, stack and its `cause` chain, as pino's serializer. */
interface SerializedError {
  name: string;
  message: string;
  reason?: unknown;
  stack?: string | undefined;
  cause?: SerializedError | string;
}

function serializeError(e: Error, depth = 0): SerializedError {
  const reason = (e as { reason?: unknown }).reason;
  const out: SerializedError = { name: e.name, message: e.message, ...(reason ? { reason } : {}), stack: e.stack };
  const cause = e.cause;
  if (cause !== undefined && depth < MAX_LOGGED_CAUSES) {
    out.cause = cause instanceof Error ? serializeError(cause, depth + 1) : String(cause);
  }
  return out;
}

/** The stack of `e`, then each cause's as `caused by: ...`, indented under a text log line. */
function errorChainText(e: Error): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && depth <= MAX_LOGGED_CAUSES; depth++) {
    const text = cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : String(cur);
    parts.push((depth === 0 ? '' : 'caused by: ') + text);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts
    .join('\n')
    .split('\n')
    .map((line) => `    ${line.trimStart()}`)
    .join('\n');
}

function emit(options: Required<ConsoleLoggerOptions>, level: Exclude<LogLevel, 'silent'>, a: unknown, b?: string) {
  if (RANK[level] > RANK[options.level]) return;
  const fields = typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : {};
  const msg = typeof a === 'string' ? a : (b ?? '');
  const all: Record<string, unknown> = { ...options.bindings, ...fields };
  let stack = '';
  if (fields.err instanceof Error || fields.error instanceof Error) {
    const e = (fields.err ?? fields.error) as Error;
    all.err = serializeError(e);
    delete all.error;
    stack = `\n${errorChainText(e)}`;
  }
  if (options.format === 'json') {
    options.write(JSON.stringify({ level, time: Date.now(), ...all, msg }));
    return;
  }
  if (stack) {
    const e = all.err as SerializedError;
    all.err = { name: e.name, message: e.message, ...(e.reason ? { reason: e.reason } : {}) };
  }
  const rest = Object.entries(all)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  options.write(`${level.toUpperCase().padEnd(5)} ${msg}${rest ? ` ${rest}` : ''}${stack}`);
}

/** A small logger on the console (or any `write` function): the manager's default. */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const resolved: Required<ConsoleLoggerOptions> = {
    level: options.level ?? 'info',
    write: options.write ?? ((line) => console.error(line)),
    format: options.format ?? 'text',
    bindings: options.bindings ?? {},
  };
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (a: object | string, b?: string): void =>
      emit(resolved, level, a, b);
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (bindings) => consoleLogger({ ...resolved, bindings: { ...resolved.bindings, ...bindings } }),
  };
}

/** A logger that drops everything (for tests). */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
