import type { KubeObject, WatchEvent } from '@kubekit/core';
import { apiErrorFrom, findReason, isStatus, type Status } from '@kubekit/core';
import { TransportError } from './errors.js';
import { type DecodeSource, decodeJsonObject, invalidResponse } from './transport/decode.js';
import { withoutManagedFields } from './transport/managedFields.js';

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without ever joining the whole stream into one string: each line
 * is decoded on its own, so a long watch (or a large stream) never meets V8's string size limit.
 * Empty lines are skipped; a last line without a newline is still yielded.
 */
export function splitLines(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  return lines(chunks, { unterminated: false });
}

/** {@link splitLines}, telling whether the line last yielded ended the stream without a newline. */
async function* lines(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  state: { unterminated: boolean },
): AsyncGenerator<string> {
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
    state.unterminated = true;
    if (line.trim() !== '') yield line;
  }
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
  /** Cut `managedFields` out of each line before parsing it (see `withoutManagedFields`). @default false */
  dropManagedFields?: boolean | undefined;
}

/**
 * Parses a watch response body, line by line, into typed events (see {@link parseWatchEvent}). A
 * stream that ends inside an event (a last line cut off before its newline) is a `TransportError`,
 * like any other cut connection.
 */
export async function* parseWatchStream<T extends KubeObject>(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  source: WatchSource = {},
  options: ParseWatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const state = { unterminated: false };
  const drop = options.dropManagedFields === true;
  for await (const line of lines(chunks, state)) {
    let event: WatchEvent<T>;
    try {
      event = parseWatchEvent<T>(drop ? withoutManagedFields(line) : line, source);
    } catch (err) {
      // an event cut short: the connection ended in the middle of it
      const cut = state.unterminated ? findReason(err, 'InvalidResponse')?.cause : undefined;
      if (cut instanceof SyntaxError) {
        const request = source.request ?? 'watch';
        throw new TransportError(`${request}: the watch stream ended inside an event`, { cause: cut });
      }
      throw err;
    }
    yield event;
  }
}
