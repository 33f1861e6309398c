// The kubelet's ConfigMap and Secret managers with upstream's default change-detection strategy, Watch
// (pkg/kubelet/util/manager/watch_based_manager.go). Registering a pod starts one watch per object it refers
// to (a list and watch with fieldSelector metadata.name=<name>), shared by every pod that refers to it;
// reads come from those watches' caches. So 30 pods starting together cost one list and one watch of their
// kube-root-ca.crt instead of 30 GETs against the kubelet's 50 QPS, and a pod's periodic volume refresh costs
// no request. When the last pod referring to an object is unregistered its watch stops; an immutable
// object stops being watched once read (it cannot change).
import type { Pod } from "../../api/core/v1/pod.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { Informer } from "../../client/informer/informer.js";
import type { Logger } from "../../client/log.js";

export interface WatchBasedManagerOptions<T> {
  /** The names of the objects of this kind a pod refers to. */
  referenced(pod: Pod): Set<string>;
  /** upstream's groupResource.String() in messages: "configmap", "secret". */
  resource: string;
  isImmutable(obj: T): boolean;
  log: Logger;
  /** How long a read waits for its object's first list (upstream: 1 s). */
  syncTimeoutMs?: number;
}

/** One watched object: its informer, the pods referring to it, and how to stop it. */
interface Item<T extends KubeObject> {
  informer: Informer<T>;
  pods: Set<string>;
  stop: AbortController;
  /** Read and found immutable: the watch stopped, the cache keeps the object. */
  immutable: boolean;
}

export class WatchBasedManager<T extends KubeObject> {
  private readonly items = new Map<string, Item<T>>();
  /** Each registered pod's namespace and the names it refers to, by pod UID. */
  private readonly registered = new Map<string, { namespace: string; names: Set<string> }>();

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly o: WatchBasedManagerOptions<T>,
  ) {}

  /** Starts watching what the pod refers to (again on every update: its references may change). */
  registerPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    const namespace = pod.metadata?.namespace ?? "";
    if (!uid) return;
    const names = this.o.referenced(pod);
    for (const name of names) this.item(namespace, name).pods.add(uid);
    const prev = this.registered.get(uid);
    this.registered.set(uid, { namespace, names });
    if (prev) for (const name of prev.names) if (!names.has(name)) this.release(prev.namespace, name, uid);
  }

  unregisterPod(uid: string): void {
    const prev = this.registered.get(uid);
    if (!prev) return;
    this.registered.delete(uid);
    for (const name of prev.names) this.release(prev.namespace, name, uid);
  }

  /**
   * The object from its watch's cache, once that watch has listed; undefined when it does not exist. Throws
   * when no registered pod refers to it or the first list did not come in time, with upstream's messages.
   */
  async get(namespace: string, name: string): Promise<T | undefined> {
    const item = this.items.get(key(namespace, name));
    if (!item) throw new Error(`object "${namespace}"/"${name}" not registered`);
    if (!item.informer.hasSynced()) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), this.o.syncTimeoutMs ?? 1000);
      });
      const late = await Promise.race([item.informer.waitForSync().then(() => false), timedOut]);
      clearTimeout(timer);
      if (late)
        throw new Error(`failed to sync ${this.o.resource} cache: timed out waiting for the condition`);
    }
    const obj = item.informer.lister.get(namespace, name) as T | undefined;
    if (obj && !item.immutable && this.o.isImmutable(obj)) {
      item.immutable = true;
      item.stop.abort();
    }
    return obj;
  }

  /** The objects watched now, as "namespace/name". */
  watchedObjects(): string[] {
    return [...this.items.keys()];
  }

  /** Stops every watch (the kubelet is stopping). */
  stop(): void {
    for (const item of this.items.values()) item.stop.abort();
    this.items.clear();
    this.registered.clear();
  }

  private item(namespace: string, name: string): Item<T> {
    const k = key(namespace, name);
    let item = this.items.get(k);
    if (item) return item;
    const informer = new Informer<T>(this.client, {
      namespace,
      fieldSelector: `metadata.name=${name}`,
      onError: (e) =>
        this.o.log.debug({ object: k, err: String(e) }, `${this.o.resource} watch failed; retrying`),
    });
    item = { informer, pods: new Set(), stop: new AbortController(), immutable: false };
    this.items.set(k, item);
    void informer.run(item.stop.signal).catch((e: unknown) => {
      this.o.log.warn({ object: k, err: String(e) }, `${this.o.resource} watch stopped`);
    });
    return item;
  }

  private release(namespace: string, name: string, uid: string): void {
    const k = key(namespace, name);
    const item = this.items.get(k);
    if (!item) return;
    item.pods.delete(uid);
    if (item.pods.size > 0) return;
    item.stop.abort();
    this.items.delete(k);
  }
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;
