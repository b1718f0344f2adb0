import type { KindRef, ObjectList, ObjectOf } from '@kubekit/core';
import type { ListPagesOptions, Reader } from './interfaces.js';

/**
 * Every page of a list from any {@link Reader}, fetched one after the other with `limit`/`continue`.
 * The `resourceVersion` applies to the first page; later pages continue from its snapshot.
 */
export async function* listPagesOf<K extends KindRef>(
  reader: Pick<Reader, 'list'>,
  kind: K,
  options: ListPagesOptions = {},
): AsyncGenerator<ObjectList<ObjectOf<K>>, void, undefined> {
  const { pageSize = 500, resourceVersion, resourceVersionMatch, ...rest } = options;
  let token: string | undefined;
  do {
    const at = token === undefined ? { resourceVersion, resourceVersionMatch } : { continue: token };
    const page = await reader.list(kind, { ...rest, ...at, limit: pageSize });
    yield page;
    token = page.metadata.continue || undefined;
  } while (token !== undefined);
}

/** Every object of a list from any {@link Reader}, page by page (see {@link listPagesOf}). */
export async function* listAllOf<K extends KindRef>(
  reader: Pick<Reader, 'list'>,
  kind: K,
  options: ListPagesOptions = {},
): AsyncGenerator<ObjectOf<K>, void, undefined> {
  for await (const page of listPagesOf(reader, kind, options)) yield* page.items;
}
