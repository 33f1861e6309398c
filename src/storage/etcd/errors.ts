// etcd's errors as StoreErrors. etcd reports them as gRPC statuses whose message carries the mvcc error
// ("etcdserver: mvcc: required revision has been compacted"); the etcd3 client wraps them in its own classes.
import { StoreError } from "../store.js";

export function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes("required revision has been compacted")) {
    return new StoreError("Compacted", "required revision has been compacted");
  }
  if (message.includes("required revision is a future revision")) {
    return new StoreError("FutureRevision", "required revision is a future revision");
  }
  // Unreachable or failing etcd, a closed client, an open circuit breaker, a deadline: all mean the
  // datastore cannot serve the request now.
  const failure = new StoreError("Unavailable", `etcd: ${message}`);
  (failure as { cause?: unknown }).cause = err;
  return failure;
}
