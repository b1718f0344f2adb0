import { type ApiError, apiErrorFrom, isStatus, type Status } from './errors.js';
import type { KubeObject } from './object.js';

/**
 * One watch event, told apart by `type`. `BOOKMARK` carries only the new resourceVersion;
 * `ERROR` carries the server's `Status` as a typed error (410 becomes a `GoneError`: list again).
 */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: T }
  | { readonly type: 'BOOKMARK'; readonly object: T; readonly resourceVersion: string }
  | { readonly type: 'ERROR'; readonly error: ApiError; readonly status: Status };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without ever joining the whole stream into one string: each line
 * is decoded on its own, so a long watch (or a large stream) never meets V8's string size limit.
 * Empty lines are skipped; a last line without a newline is still yielded.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, nl);
      const line = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      pending = [];
      start = nl + 1;
      if (line.length > 0) yield line.toString('utf8');
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) {
    const line = Buffer.concat(pending).toString('utf8');
    if (line.trim() !== '') yield line;
  }
}

/** Turns one watch line (`{"type":..., "object":...}`) into a typed event. */
export function parseWatchEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  const raw = JSON.parse(line) as { type?: string; object?: unknown };
  switch (raw.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return { type: raw.type, object: raw.object as T };
    case 'BOOKMARK': {
      const object = raw.object as T;
      return { type: 'BOOKMARK', object, resourceVersion: object.metadata?.resourceVersion ?? '' };
    }
    case 'ERROR': {
      const status: Status = isStatus(raw.object) ? raw.object : { message: 'watch error without a Status' };
      return { type: 'ERROR', status, error: apiErrorFrom({ code: status.code ?? 500, status }) };
    }
    default:
      throw new SyntaxError(`unknown watch event type ${JSON.stringify(raw.type)}`);
  }
}

/** Parses a watch response body, line by line, into typed events. */
export async function* parseWatchStream<T extends KubeObject>(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
): AsyncGenerator<WatchEvent<T>> {
  for await (const line of splitLines(chunks)) yield parseWatchEvent<T>(line);
}
