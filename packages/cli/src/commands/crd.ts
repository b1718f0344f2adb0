/**
 * `kubekit crd` and `kubekit webhook`: `@kubekit/crd`'s command (commander), which reads
 * `process.argv` itself: the command line `kubekit crd ...` is already the one it expects.
 */
export async function run(_args: string[]): Promise<void> {
  await import('@kubekit/crd/cli');
}
