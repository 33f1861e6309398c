// The informer's local cache: objects by "namespace/name" key, with indexers (by namespace, by node, ...).
// Objects handed out are shared with the cache: treat them as read-only and clone before changing.
import type { KubeObject } from "../../api/meta/v1/types.js";

export type DeepReadonly<T> = T extends (infer R)[]
  ? readonly DeepReadonly<R>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type IndexFunc<T> = (obj: T) => string[];

/** "ns/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name}` : (obj.metadata?.name ?? "");
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export const namespaceIndex = "namespace";
export const byNamespace: IndexFunc<KubeObject> = (o) => [o.metadata.namespace ?? ""];

export class Indexer<T extends KubeObject> {
  private items = new Map<string, T>();
  private indices = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly indexers: Record<string, IndexFunc<T>> = {}) {
    this.indexers = { ...indexers };
    for (const name of Object.keys(indexers)) this.indices.set(name, new Map());
  }

  private unindex(key: string, obj: T) {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        set?.delete(key);
        if (set && set.size === 0) idx.delete(v);
      }
    }
  }
  private index(key: string, obj: T) {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) {
        let set = idx.get(v);
        if (!set) idx.set(v, (set = new Set()));
        set.add(key);
      }
    }
  }

  /** Adds an index after creation (shared informers gain indexers as controllers ask for them). */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indices.has(name)) return;
    this.indexers[name] = fn;
    const idx = new Map<string, Set<string>>();
    this.indices.set(name, idx);
    for (const [key, obj] of this.items)
      for (const v of fn(obj)) {
        let set = idx.get(v);
        if (!set) idx.set(v, (set = new Set()));
        set.add(key);
      }
  }

  /** Stores the object; returns the previous one. */
  set(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    this.index(key, obj);
    return old;
  }

  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (old) {
      this.unindex(key, old);
      this.items.delete(key);
    }
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }
  keys(): IterableIterator<string> {
    return this.items.keys();
  }
  list(): T[] {
    return [...this.items.values()];
  }
  get size(): number {
    return this.items.size;
  }

  byIndex(indexName: string, value: string): T[] {
    const idx = this.indices.get(indexName);
    if (!idx) throw new Error(`no indexer named ${indexName}`);
    return [...(idx.get(value) ?? [])].map((k) => this.items.get(k)!);
  }
}

/** Read-only access to an informer's cache (client-go's Lister). */
export class Lister<T extends KubeObject> {
  constructor(private readonly cache: Indexer<T>) {}
  get(namespace: string, name: string): DeepReadonly<T> | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name) as DeepReadonly<T> | undefined;
  }
  /** All objects, or those of one namespace (uses the namespace index when present). */
  list(namespace?: string, filter?: (o: DeepReadonly<T>) => boolean): DeepReadonly<T>[] {
    let items: T[];
    if (namespace) {
      try {
        items = this.cache.byIndex(namespaceIndex, namespace);
      } catch {
        items = this.cache.list().filter((o) => o.metadata.namespace === namespace);
      }
    } else items = this.cache.list();
    const ro = items as DeepReadonly<T>[];
    return filter ? ro.filter(filter) : ro;
  }
  byIndex(indexName: string, value: string): DeepReadonly<T>[] {
    return this.cache.byIndex(indexName, value) as DeepReadonly<T>[];
  }
}
