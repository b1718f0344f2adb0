import type { z } from 'zod';
import { builtinView } from './builtinView.js';
import type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';

/** A ConfigMap whose `data` keys are declared. */
export interface TypedConfigMap<Data> {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data: Data;
  immutable?: boolean;
}

/** Options of {@link defineConfigMap}. */
export interface ConfigMapOptions<Data extends z.ZodObject> {
  /**
   * The keys of `data` and their values. Values arrive as strings: use `z.string()`, or
   * `z.coerce.number()` / `z.stringbool()` (or any `z.codec`) for numbers and flags. `encode()` runs
   * codecs backwards; other non-string values are written back as JSON (`3` becomes `"3"`). A
   * one-way `.transform()` cannot be encoded.
   */
  data: Data;
}

/**
 * A typed view of ConfigMaps: `parse()` checks an object read from the API server and returns its
 * `data` typed; `encode()` turns a typed ConfigMap back into strings for the API server.
 *
 * @example
 * const AppConfig = defineConfigMap({ data: z.object({ port: z.coerce.number().int(), mode: z.enum(['dev', 'prod']) }) });
 * AppConfig.parse(cm).data.port; // number
 */
export function defineConfigMap<Data extends z.ZodObject>(
  options: ConfigMapOptions<Data>,
): ResourceDescriptor<TypedConfigMap<z.output<Data>>> {
  return builtinView({
    kind: 'ConfigMap',
    plural: 'configmaps',
    data: options.data,
    fields: {},
    decode: (wire) => ({ ...wire, data: wire.data ?? {} }),
    encodeValue: (value) => value,
  });
}
