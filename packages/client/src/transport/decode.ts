import { InvalidResponseError } from '../errors.js';

/** Where a text to decode came from, for the error when it does not decode. */
export interface DecodeSource {
  /** Method and path of the request. @default 'the request' */
  request?: string | undefined;
  /** The answer's `Content-Type` header, if it had one. @default undefined */
  contentType?: string | undefined;
}

/**
 * The JSON object in `text` (a 2xx body, or one watch line), as the API server sends every answer.
 * Throws an `InvalidResponseError` naming `what` (e.g. `the 200 answer`), the content type and the
 * start of the text when it is empty, not JSON, or JSON but not an object.
 */
export function decodeJsonObject(text: string, what: string, source: DecodeSource): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const problem = text === '' ? `${what} is empty` : `${what} is not JSON`;
    throw invalidResponse(source, problem, text, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidResponse(source, `${what} is not a JSON object`, text);
  }
  return value as Record<string, unknown>;
}

/** The `InvalidResponseError` for `text` from `source`. */
export function invalidResponse(
  source: DecodeSource,
  problem: string,
  text: string,
  cause?: unknown,
): InvalidResponseError {
  return new InvalidResponseError({
    request: source.request ?? 'the request',
    contentType: source.contentType,
    problem,
    body: text,
    ...(cause !== undefined && { cause }),
  });
}
