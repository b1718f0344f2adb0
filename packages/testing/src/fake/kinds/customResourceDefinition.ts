import type { StatusCause } from '../engine/apiError.js';
import { invalid, required } from '../engine/fieldErrors.js';
import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';

/** CustomResourceDefinitions: group, names and versions required; the name must be `<plural>.<group>`. */
function validateCrd(obj: FakeObject): StatusCause[] {
  const spec = obj.spec as
    | { group?: string; names?: { plural?: string; kind?: string }; versions?: unknown[] }
    | undefined;
  const name = obj.metadata?.name ?? '';
  const causes: StatusCause[] = [];
  if (!spec?.group) causes.push(required('spec.group'));
  if (!spec?.names?.plural) causes.push(required('spec.names.plural'));
  if (!spec?.names?.kind) causes.push(required('spec.names.kind'));
  if (!Array.isArray(spec?.versions) || spec.versions.length === 0) {
    causes.push(invalid('spec.versions', null, 'must have exactly one version marked as storage version'));
  }
  if (spec?.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`) {
    causes.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  return causes;
}

/** CustomResourceDefinitions (their kinds are served by the CRD controller). */
export const customResourceDefinitionStrategy: KindStrategy = {
  validate: validateCrd,
  statusResets: ['spec'],
};
