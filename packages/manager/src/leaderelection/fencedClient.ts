/**
 * The write fence of a manager with leader election: a view of a client whose writes first ask
 * the leadership term whether it still holds, and are refused with a `NotLeaderError` once it has
 * ended. Reads pass through unchanged.
 */

/** The methods of a client (and of its `status()` and `subResource()` writers) that write. */
const WRITES = new Set(['create', 'update', 'patch', 'apply', 'delete', 'deleteAllOf']);
/** The methods that hand out another client or writer, which must be fenced too. */
const VIEWS = new Set(['inNamespace', 'status', 'subResource']);

/**
 * `client` with every write (`create`, `update`, `patch`, `apply`, `delete`, `deleteAllOf`, also
 * through `inNamespace(...)`, `status()` and `subResource(...)`) preceded by `check()`: when it
 * throws, the write is not sent and the returned promise rejects with that error. The result is
 * still an instance of the client's class; the client itself is left as it was.
 */
export function fenceWrites<T extends object>(client: T, check: () => void): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property); // getters run on the client itself (private fields)
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (WRITES.has(property)) {
        return (...args: unknown[]) => {
          try {
            check();
          } catch (error) {
            return Promise.reject(error);
          }
          return method.apply(target, args);
        };
      }
      if (VIEWS.has(property)) return (...args: unknown[]) => fenceWrites(method.apply(target, args) as object, check);
      return method.bind(target);
    },
  });
}
