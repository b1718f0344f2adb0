import { z } from 'zod';
import { builtinView } from './builtinView.js';
import type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';

/** A ConfigMap whose `data` keys are declared. */
export interface TypedConfigMap<Data> {
  /** Always `v1`. */
  apiVersion: 'v1';
  /** Always `ConfigMap`. */
  kind: 'ConfigMap';
  /** The ConfigMap's metadata. */
  metadata: ObjectMeta;
  /** The declared values, as the `data` schema parsed them (numbers, booleans, ... from the stored strings). */
  data: Data;
  /** Binary values, base64-encoded, kept as the server sends them. */
  binaryData?: Record<string, string>;
  /** Whether the data can no longer be changed (only the object deleted). */
  immutable?: boolean;
}

/** Options of {@link defineConfigMap}. */
export interface ConfigMapOptions<Data extends z.ZodObject> {
  /**
   * The keys of `data` and their values. Values arrive as strings: use `z.string()`, or
   * `z.coerce.number()` / `z.stringbool()` (or any `z.codec`) for numbers and flags. `encode()` runs
   * codecs backwards; other non-string values are written back as JSON (`3` becomes `"3"`). A
   * one-way `.transform()` cannot be encoded. Keys the schema does not declare are kept as strings.
   */
  data: Data;
}

/**
 * A typed view of ConfigMaps, a kind descriptor for every client and cache: reads through it come
 * back with `data` typed (`decode()`), and writes that name it (`{ kind: AppConfig }`) turn the
 * values back into strings (`encode()`). It shares the informer of ConfigMaps with every other
 * reader; a ConfigMap that does not fit fails only the read that asked for it (a `CodecError`).
 *
 * @example
 * const AppConfig = defineConfigMap({ data: z.object({ port: z.coerce.number().int(), mode: z.enum(['dev', 'prod']) }) });
 * const cm = await client.get(AppConfig, 'app', { namespace: 'demo' });
 * cm.data.port; // number
 * await client.update({ ...cm, data: { ...cm.data, port: 9090 } }, { kind: AppConfig }); // data.port: '9090'
 */
export function defineConfigMap<Data extends z.ZodObject>(
  options: ConfigMapOptions<Data>,
): ResourceDescriptor<TypedConfigMap<z.output<Data>>> {
  return builtinView({
    kind: 'ConfigMap',
    plural: 'configmaps',
    data: options.data,
    fields: { binaryData: z.record(z.string(), z.string()).optional() },
    decode: (wire) => ({ ...wire, data: wire.data ?? {} }),
    encodeValue: (value) => value,
  });
}
