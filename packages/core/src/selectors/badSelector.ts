import { BadRequestError } from '../errors.js';

/**
 * The error kube-apiserver answers a selector it cannot parse with: 400 `BadRequest` carrying the
 * server's message. Thrown where kubekit parses a selector itself (cache, fakes), so a caller sees
 * the same error class and text as from the server.
 */
export function badSelector(message: string): BadRequestError {
  return new BadRequestError({
    code: 400,
    status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'BadRequest', code: 400 },
  });
}
