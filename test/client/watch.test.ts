import { describe, expect, it } from '@jest/globals';
import { isGone } from '@kubekit/core';
import { parseWatchEvent, parseWatchStream, splitLines } from '../../packages/client/src/watch.js';

async function* chunks(...parts: Array<string | Buffer>) {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('splitLines', () => {
  it('joins lines split across chunks and splits chunks holding several lines', async () => {
    expect(await collect(splitLines(chunks('{"a":', '1}\n{"b":2}\n{"c"', ':3}\n')))).toEqual([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
  });

  it('keeps a multi-byte character that a chunk boundary cuts in two', async () => {
    const bytes = Buffer.from('{"name":"größe"}\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ö"
    expect(await collect(splitLines(chunks(bytes.subarray(0, cut), bytes.subarray(cut))))).toEqual([
      '{"name":"größe"}',
    ]);
  });

  it('skips empty lines and yields a last line without a newline', async () => {
    expect(await collect(splitLines(chunks('\n\n{"a":1}\n\n', '{"b":2}')))).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('watch events', () => {
  it('parses object events and bookmarks', async () => {
    const events = await collect(
      parseWatchStream(
        chunks(
          '{"type":"ADDED","object":{"kind":"W","metadata":{"name":"a","resourceVersion":"2"}}}\n',
          '{"type":"BOOKMARK","object":{"kind":"W","metadata":{"resourceVersion":"9"}}}\n',
        ),
      ),
    );
    expect(events).toEqual([
      { type: 'ADDED', object: { kind: 'W', metadata: { name: 'a', resourceVersion: '2' } } },
      { type: 'BOOKMARK', object: { kind: 'W', metadata: { resourceVersion: '9' } }, resourceVersion: '9' },
    ]);
  });

  it('turns an ERROR event with a 410 Status into a typed Gone error', () => {
    const event = parseWatchEvent(
      JSON.stringify({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 410,
          reason: 'Expired',
          message: 'too old resource version: 1 (5)',
        },
      }),
    );
    expect(event.type).toBe('ERROR');
    if (event.type !== 'ERROR') return;
    expect(isGone(event.error)).toBe(true);
    expect(event.error).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });
  });

  it('refuses unknown event types', () => {
    expect(() => parseWatchEvent('{"type":"SURPRISE","object":{}}')).toThrow(/SURPRISE/);
  });
});
