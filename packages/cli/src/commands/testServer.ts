/** `kubekit test-server`: `@kubekit/testing`'s test API server command. */
export async function run(args: string[]): Promise<void> {
  const { runTestServer } = await import('@kubekit/testing/internal');
  await runTestServer(args, { name: 'kubekit test-server' });
}
