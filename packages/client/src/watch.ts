import type { KubeObject, WatchEvent } from '@kubekit/core';
import { apiErrorFrom, findReason, isStatus, type Status } from '@kubekit/core';
import { TransportError } from './errors.js';
import { type DecodeSource, decodeJsonObject, invalidResponse } from './transport/decode.js';
import { textWithoutManagedFields } from './transport/managedFields.js';

const NEWLINE = 0x0a;

/** A chunk of a byte stream as a Buffer: a Buffer as it is, a string or other byte array copied into one. */
function bytesOf(raw: Buffer | Uint8Array | string): Buffer {
  return typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
}

/**
 * Cuts a byte stream into lines as its chunks arrive, never joining the whole stream: a line that
 * spans chunks is joined from its pieces, any other is a view of its chunk.
 */
class LineSplitter {
  /** The pieces of the line under way (chunk ends since the last newline). */
  #pending: Buffer[] = [];

  /** Calls `onLine` with each non-empty line that `chunk` ends, without its newline. */
  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, nl);
      const line = this.#pending.length === 0 ? tail : Buffer.concat([...this.#pending, tail]);
      this.#pending = [];
      start = nl + 1;
      if (line.length > 0) onLine(line);
    }
    if (start < chunk.length) this.#pending.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** The bytes after the last newline (a line the stream ended without one); `undefined` when none. */
  rest(): Buffer | undefined {
    return this.#pending.length === 0 ? undefined : Buffer.concat(this.#pending);
  }
}

/**
 * Splits a byte stream into lines without ever joining the whole stream into one string: each line
 * is decoded on its own, so a long watch (or a large stream) never meets V8's string size limit.
 * Empty lines are skipped; a last line without a newline is still yielded.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  const onLine = (line: Buffer) => lines.push(line.toString('utf8'));
  for await (const raw of chunks) {
    splitter.push(bytesOf(raw), onLine);
    for (const line of lines) yield line;
    lines.length = 0;
  }
  const last = splitter.rest()?.toString('utf8');
  if (last !== undefined && last.trim() !== '') yield last;
}

/** Where watch lines came from, named by the errors of lines that do not decode. */
export type WatchSource = DecodeSource;

/**
 * Turns one watch line (`{"type":..., "object":...}`) into a typed event. A line that is not a JSON
 * object with a known `type` is an `InvalidResponseError` naming the content type and the line's
 * start.
 */
export function parseWatchEvent<T extends KubeObject>(line: string, source: WatchSource = {}): WatchEvent<T> {
  const raw = decodeJsonObject(line, 'a watch line', source) as { type?: string; object?: unknown };
  const type = raw.type;
  switch (type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return { type, object: objectOf<T>(raw.object, line, source) };
    case 'BOOKMARK': {
      const object = objectOf<T>(raw.object, line, source);
      return { type: 'BOOKMARK', object, resourceVersion: object.metadata?.resourceVersion ?? '' };
    }
    case 'ERROR': {
      const status: Status = isStatus(raw.object) ? raw.object : { message: 'watch error without a Status' };
      return { type: 'ERROR', status, error: apiErrorFrom({ code: status.code ?? 500, status }) };
    }
    default:
      throw invalidResponse(source, `a watch line has the unknown event type ${JSON.stringify(type)}`, line);
  }
}

/** The object of a watch event; an `InvalidResponseError` when it has none. */
function objectOf<T>(object: unknown, line: string, source: WatchSource): T {
  if (typeof object !== 'object' || object === null) throw invalidResponse(source, 'a watch event has no object', line);
  return object as T;
}

/** How {@link parseWatchStream} reads the lines. */
export interface ParseWatchOptions {
  /** Cut `managedFields` out of each line before parsing it (see `textWithoutManagedFields`). @default false */
  dropManagedFields?: boolean | undefined;
}

/**
 * Parses a watch response body, line by line, into typed events (see {@link parseWatchEvent}). A
 * stream that ends inside an event (a last line cut off before its newline) is a `TransportError`,
 * like any other cut connection. The lines of a chunk are parsed as it arrives, in one pass: no
 * iterator per line, and with `dropManagedFields` the cut is made on the bytes before they are
 * decoded (see `textWithoutManagedFields`).
 */
export async function* parseWatchStream<T extends KubeObject>(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  source: WatchSource = {},
  options: ParseWatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const splitter = new LineSplitter();
  const drop = options.dropManagedFields === true;
  const text = (line: Buffer) => (drop ? textWithoutManagedFields(line) : line.toString('utf8'));
  // the events of one chunk; a line that does not parse ends the stream after the events before it
  const events: WatchEvent<T>[] = [];
  let failed = false;
  let failure: unknown;
  const onLine = (line: Buffer) => {
    if (failed) return;
    try {
      events.push(parseWatchEvent<T>(text(line), source));
    } catch (err) {
      failed = true;
      failure = err;
    }
  };
  for await (const raw of chunks) {
    splitter.push(bytesOf(raw), onLine);
    for (const event of events) yield event;
    events.length = 0;
    if (failed) throw failure;
  }
  const rest = splitter.rest();
  if (rest === undefined) return;
  const last = text(rest);
  if (last.trim() === '') return;
  let event: WatchEvent<T>;
  try {
    event = parseWatchEvent<T>(last, source);
  } catch (err) {
    // an event cut short: the connection ended in the middle of it
    const cut = findReason(err, 'InvalidResponse')?.cause;
    if (cut instanceof SyntaxError) {
      const request = source.request ?? 'watch';
      throw new TransportError(`${request}: the watch stream ended inside an event`, { cause: cut });
    }
    throw err;
  }
  yield event;
}
