import { fileURLToPath } from 'node:url';

/** The shared test CRDs (Widget: namespaced, status+scale, CEL; Gadget: cluster-scoped). */
export const FIXTURE_CRDS = fileURLToPath(new URL('../fixtures/crds.yaml', import.meta.url));
