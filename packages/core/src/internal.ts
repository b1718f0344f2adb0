/**
 * `@kubekit/core/internal`: machinery kubekit's own packages share — the codec plumbing the
 * clients and the informer cache apply descriptors with, and the field lookup of field selectors, the path-segment name rule and Go-quoted field errors. For kubekit's packages only: it is not
 * public API, carries no semver promise and may change in any release. Users import
 * `@kubekit/core`.
 *
 * @packageDocumentation
 */
export { decodeEvent, hasDecode, isKindDescriptor, wireKind, writeKindOf } from './kinds/descriptor.js';
export { goQuote, invalidValue, pathSegmentNameErrors } from './names.js';
export { setListItemKinds } from './object.js';
export { fieldValueOf } from './selectors/fieldSelector.js';
