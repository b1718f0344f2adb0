import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { InvalidManifestError } from './errors.js';
import type { KubeObject } from './object.js';

let yamlModule: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: most programs that import `@kubekit/core` never read or
 * write YAML, and loading it costs tens of milliseconds and ~8 MB of RSS at startup.
 */
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

/** One document of a manifest text. */
export interface ManifestDocument {
  /** Its position in the text, from 1 (as error messages name it). */
  readonly index: number;
  /** Its value: usually an object; `null` for an empty document. */
  readonly value: unknown;
}

/** The most alias expansions a document may need (yaml's default): more is refused as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * The documents of a YAML text (JSON is YAML too), in order, `---` separated.
 * @param source names the text in errors (a file name, `stdin`). @default 'input'
 * @throws {@link InvalidManifestError} naming the source and the document when one does not parse.
 */
export function parseManifestDocuments(text: string, source = 'input'): ManifestDocument[] {
  const json = asJson(text);
  if (json !== undefined) return [{ index: 1, value: json }];
  return yaml()
    .parseAllDocuments(text)
    .map((doc, i) => {
      const first = doc.errors[0];
      if (first) throw new InvalidManifestError(source, i + 1, first.message, { cause: first });
      try {
        return { index: i + 1, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
      } catch (cause) {
        // yaml refuses a document whose aliases expand past maxAliasCount (a "billion laughs" bomb)
        const message = cause instanceof ReferenceError ? `${cause.message}: refused` : String(cause);
        throw new InvalidManifestError(source, i + 1, message, { cause });
      }
    });
}

/**
 * The objects of a manifest text, as `kubectl apply -f` reads it: every document that is an object,
 * in order, with the `items` of a list (a kind ending in `List`, e.g. `List` or `ConfigMapList`)
 * in its place. Empty documents are skipped.
 * @param source names the text in errors. @default 'input'
 * @throws {@link InvalidManifestError} when a document does not parse, or is not an object.
 */
export function parseManifests(text: string, source = 'input'): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const { index, value } of parseManifestDocuments(text, source)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidManifestError(source, index, 'the document is not an object');
    }
    const obj = value as KubeObject & { items?: unknown };
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      objects.push(...(obj.items as KubeObject[]));
    } else objects.push(obj);
  }
  return objects;
}

/**
 * Objects as one multi-document YAML text, each document opened by `---`, long strings never
 * folded (so a CEL rule or a certificate stays on one line).
 */
export function formatManifests(objects: readonly object[]): string {
  return objects.map((obj) => `---\n${yaml().stringify(obj, { lineWidth: 0 })}`).join('');
}

/**
 * A text that is one JSON object, parsed by `JSON.parse` (several times faster than a YAML parser
 * on large files); `undefined` for anything else, which the YAML parser then reads (JSON is YAML).
 */
function asJson(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
