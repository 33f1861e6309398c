// Shared informers, one per resource (client-go's SharedInformerFactory): every controller that watches
// pods shares one list+watch and one cache.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceType } from "../../api/registry.js";
import type { RestClient } from "../rest/client.js";
import { Informer, type InformerOptions } from "./informer.js";
import type { IndexFunc } from "./cache.js";

export class SharedInformerFactory {
  private informers = new Map<string, Informer<any>>();
  private started = new Set<string>();
  private signal?: AbortSignal;
  private running: Promise<void>[] = [];

  constructor(
    private readonly client: RestClient,
    private readonly o: { resyncMs?: number; onError?: (err: unknown) => void } = {},
  ) {}

  /** The shared informer for a resource; extra indexers are added on first request. */
  informerFor<T extends KubeObject>(
    rt: ResourceType,
    indexers: Record<string, IndexFunc<T>> = {},
  ): Informer<T> {
    const key = `${rt.group}/${rt.version}/${rt.plural}`;
    let inf = this.informers.get(key) as Informer<T> | undefined;
    if (!inf) {
      const { onError } = this.o;
      const opts: InformerOptions<T> = {
        resyncMs: this.o.resyncMs,
        onError: onError && ((e) => onError(e)),
        indexers,
      };
      inf = new Informer<T>(
        this.client.resource<T>({
          group: rt.group,
          version: rt.version,
          resource: rt.plural,
          namespaced: rt.namespaced,
        }),
        opts,
      );
      this.informers.set(key, inf);
      if (this.signal) this.startOne(key, inf);
    } else {
      for (const [name, fn] of Object.entries(indexers)) inf.cache.addIndexer(name, fn);
    }
    return inf;
  }

  private startOne(key: string, inf: Informer<any>) {
    if (this.started.has(key) || !this.signal) return;
    this.started.add(key);
    this.running.push(inf.run(this.signal));
  }

  /** Starts every informer requested so far (and any requested later). */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const [key, inf] of this.informers) this.startOne(key, inf);
  }

  async waitForCacheSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  /** Resolves once every started informer has stopped (after the signal aborted). */
  async stopped(): Promise<void> {
    await Promise.all(this.running);
  }
}
