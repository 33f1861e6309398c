// The namespace controller (pkg/controller/namespace/namespace_controller.go): a namespace with a
// deletionTimestamp is emptied and finalized by the deleter; while content remains it is looked at again
// after about half the estimated time.
import type { ControllerContext, Controller } from "../controller.js";
import { namespaces, type Namespace } from "../../api/core/v1/namespace.js";
import type { ResourceType } from "../../api/registry.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { NamespacedResourcesDeleter, ResourcesRemainingError } from "./deleter.js";

/** ConcurrentNamespaceSyncs, upstream's default. */
export const defaultNamespaceWorkers = 10;
/** namespaceDeletionGracePeriod: events are acted on after this delay, so other caches catch up. */
export const namespaceDeletionGracePeriodMs = 5000;

export interface NamespaceControllerOptions {
  now?: () => number;
  deletionGracePeriodMs?: number;
  resources?: readonly ResourceType[];
}

export class NamespaceController implements Controller {
  readonly name = "namespace";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;
  private readonly deleter: NamespacedResourcesDeleter;
  private readonly grace: number;

  constructor(
    private readonly ctx: ControllerContext,
    o: NamespaceControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: "namespace" });
    this.deleter = new NamespacedResourcesDeleter(ctx.client, this.log, o.now, o.resources);
    this.grace = o.deletionGracePeriodMs ?? namespaceDeletionGracePeriodMs;
  }

  private enqueue(ns: DeepReadonly<Namespace>) {
    // Only namespaces being deleted are of interest.
    if (!ns.metadata.deletionTimestamp) return;
    this.queue.addAfter(ns.metadata.name ?? "", this.grace);
  }

  async run(signal: AbortSignal): Promise<void> {
    const inf = this.ctx.informers.informerFor<Namespace>(namespaces);
    inf.addEventHandler({ onAdd: (ns) => this.enqueue(ns), onUpdate: (_o, ns) => this.enqueue(ns) });
    if (!(await waitForCacheSync(signal, inf))) return;
    const workers = this.ctx.options.workers ?? defaultNamespaceWorkers;
    this.log.info({ workers }, "Starting controller");
    await runWorkers(
      this.queue,
      workers,
      async (name): Promise<ReconcileResult | void> => {
        if (!inf.lister.get("", name)) return;
        try {
          await this.deleter.delete(name);
        } catch (e) {
          if (e instanceof ResourcesRemainingError)
            return { requeueAfterMs: (Math.floor(e.estimate / 2) + 1) * 1000 };
          throw e;
        }
      },
      signal,
      (key, err, retries) =>
        this.log.warn({ namespace: key, err: errorMessage(err), retries }, "deletion of namespace failed"),
    );
  }
}

/** The controller manager's constructor for the namespace controller. */
export function newNamespaceController(ctx: ControllerContext): Controller {
  return new NamespaceController(ctx);
}
