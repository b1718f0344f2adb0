import { InvalidInputError } from '../errors.js';
import type { Selector } from '../interfaces.js';
import { escapeFieldValue, type FieldSelector, parseFieldSelectorText } from './fieldSelector.js';
import { goQuote, labelKeyErrors, labelValueErrors } from './labelRules.js';
import { type LabelSelector, parseLabelSelectorText } from './labelSelector.js';

/**
 * A label selector as sent to the API server. A string goes as it is (the server judges it; `''`
 * is none). Pairs become `k=v,k2=v2`, sorted by key; each key must be a label key and each value a
 * label value, or the pairs could be read as something else.
 * @throws {@link InvalidInputError} naming `labelSelector.<key>` for a pair that is not a label.
 */
export function labelSelectorString(selector: Selector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === 'string') return selector === '' ? undefined : selector;
  const pairs = Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of pairs) {
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length > 0) {
      throw new InvalidInputError(
        `labelSelector.${key}`,
        `${goQuote(key)} is not a label key: ${keyErrors.join('; ')}`,
      );
    }
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) {
      throw new InvalidInputError(
        `labelSelector.${key}`,
        `${goQuote(value)} is not a label value: ${valueErrors.join('; ')}`,
      );
    }
  }
  return pairs.length === 0 ? undefined : pairs.map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * A field selector as sent to the API server. A string goes as it is (`''` is none). Pairs become
 * `k=v,k2=v2` with each value escaped (`,`, `=` and `\` may appear in values); a key must not hold
 * `,`, `=` or `\` nor end in `!`, which the server would read differently.
 * @throws {@link InvalidInputError} naming `fieldSelector.<key>` for a key that cannot be written.
 */
export function fieldSelectorString(selector: Selector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === 'string') return selector === '' ? undefined : selector;
  const pairs = Object.entries(selector);
  for (const [key] of pairs) {
    if (key === '' || /[,=\\]/.test(key) || key.endsWith('!')) {
      throw new InvalidInputError(`fieldSelector.${key}`, `${goQuote(key)} cannot be written as a field selector key`);
    }
  }
  return pairs.length === 0 ? undefined : pairs.map(([k, v]) => `${k}=${escapeFieldValue(v)}`).join(',');
}

/**
 * Parses a label selector, string or pairs, exactly as kube-apiserver does (see
 * {@link parseLabelSelectorText}); `undefined` selects everything.
 * @throws {@link BadRequestError} with the server's message for a string the server refuses.
 * @throws {@link InvalidInputError} for pairs that are not labels (see {@link labelSelectorString}).
 */
export function parseLabelSelector(selector: Selector | undefined): LabelSelector {
  return parseLabelSelectorText(labelSelectorString(selector) ?? '');
}

/**
 * Parses a field selector, string or pairs, exactly as kube-apiserver does (see
 * {@link parseFieldSelectorText}); `undefined` selects everything.
 * @throws {@link BadRequestError} with the server's message for a string the server refuses.
 * @throws {@link InvalidInputError} for a pair key that cannot be written (see {@link fieldSelectorString}).
 */
export function parseFieldSelector(selector: Selector | undefined): FieldSelector {
  return parseFieldSelectorText(fieldSelectorString(selector) ?? '');
}
