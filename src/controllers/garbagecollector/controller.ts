// The garbage collector controller: shared informers on every deletable resource (events excepted) feed
// the dependency graph; attemptToDelete and attemptToOrphan queues, keyed by uid, are worked by the
// collector (20 workers each, upstream's ConcurrentGCSyncs).
import type { ControllerContext, Controller } from "../controller.js";
import { allResources, defaultVerbs, groupVersion, type ResourceType } from "../../api/index.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { Informer } from "../../client/informer/informer.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { RestObjectAccess, RestMappingError, type ObjectAccess } from "./access.js";
import { GraphBuilder, type GraphEvent } from "./graph.js";
import { GarbageCollector, RequeueItem } from "./collector.js";
import { ReferenceCache, describeIdentity } from "./identity.js";

/** ConcurrentGCSyncs, upstream's default. */
export const defaultGCWorkers = 20;

/** DefaultIgnoredResources: events are never owners worth tracking. */
const ignored = new Set(["/events", "events.k8s.io/events"]);

/** GetDeletableResources: the preferred version of every resource that supports delete, list and watch. */
export function deletableResources(resources: readonly ResourceType[] = allResources): ResourceType[] {
  const seen = new Set<string>();
  const out: ResourceType[] = [];
  for (const rt of resources) {
    const gr = `${rt.group}/${rt.plural}`;
    const verbs = rt.verbs ?? defaultVerbs;
    if (seen.has(gr) || ignored.has(gr)) continue;
    if (!["delete", "list", "watch"].every((v) => verbs.includes(v))) continue;
    seen.add(gr);
    out.push(rt);
  }
  return out;
}

export interface GarbageCollectorOptions {
  resources?: readonly ResourceType[];
  access?: ObjectAccess;
}

export class GarbageCollectorController implements Controller {
  readonly name = "garbagecollector";
  readonly attemptToDelete = new WorkQueue<string>();
  readonly attemptToOrphan = new WorkQueue<string>();
  readonly graph: GraphBuilder;
  readonly collector: GarbageCollector;
  private readonly log: Logger;
  private readonly resources: ResourceType[];
  private readonly absent = new ReferenceCache(500);

  constructor(
    private readonly ctx: ControllerContext,
    o: GarbageCollectorOptions = {},
  ) {
    this.log = ctx.log.child({ controller: "garbagecollector" });
    this.resources = deletableResources(o.resources);
    const recorder = ctx.recorder("garbage-collector-controller");
    this.graph = new GraphBuilder(
      {
        attemptToDelete: (n) => this.attemptToDelete.add(n.identity.uid),
        attemptToOrphan: (n) => this.attemptToOrphan.add(n.identity.uid),
        invalidNamespaceOwnerRef: (dep, owner) =>
          recorder.eventf(
            {
              apiVersion: dep.identity.apiVersion,
              kind: dep.identity.kind,
              metadata: { namespace: dep.identity.namespace, name: dep.identity.name, uid: dep.identity.uid },
            },
            "Warning",
            "OwnerRefInvalidNamespace",
            "ownerRef %s does not exist in namespace %s",
            describeIdentity({ ...owner, namespace: dep.identity.namespace }),
            JSON.stringify(dep.identity.namespace),
          ),
      },
      this.absent,
    );
    this.collector = new GarbageCollector(
      o.access ?? new RestObjectAccess(ctx.client, allResources),
      this.absent,
      {
        enqueueVirtualDeleteEvent: (id) =>
          this.graph.process({
            type: "delete",
            virtual: true,
            apiVersion: id.apiVersion,
            kind: id.kind,
            obj: { metadata: { namespace: id.namespace, name: id.name, uid: id.uid } },
          }),
        attemptToDelete: (n) => this.attemptToDelete.add(n.identity.uid),
        nodeFor: (uid) => this.graph.uidToNode.get(uid),
      },
      this.log,
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    const informers: Informer<KubeObject>[] = [];
    for (const rt of this.resources) {
      const inf = this.ctx.informers.informerFor<KubeObject>(rt);
      const apiVersion = groupVersion(rt);
      const ev = (type: GraphEvent["type"], obj: KubeObject, oldObj?: KubeObject): GraphEvent => ({
        type,
        obj,
        oldObj,
        apiVersion,
        kind: rt.kind,
      });
      inf.addEventHandler({
        onAdd: (o) => this.graph.process(ev("add", o as KubeObject)),
        onUpdate: (old, cur) => this.graph.process(ev("update", cur as KubeObject, old as KubeObject)),
        onDelete: (o) => this.graph.process(ev("delete", o as KubeObject)),
      });
      informers.push(inf);
    }
    if (!(await waitForCacheSync(signal, ...informers))) return;
    const workers = this.ctx.options.workers ?? defaultGCWorkers;
    this.log.info(
      { workers, resources: this.resources.length },
      "All resource monitors have synced. Proceeding to collect garbage",
    );
    const onError = (key: string, err: unknown, retries: number) => {
      // Expected retries (virtual nodes, kinds not yet mapped) are not worth a warning.
      if (err instanceof RequeueItem || err instanceof RestMappingError)
        this.log.debug({ key, err: errorMessage(err) }, "requeue");
      else this.log.warn({ key, err: errorMessage(err), retries }, "error syncing item");
    };
    await Promise.all([
      runWorkers(
        this.attemptToDelete,
        workers,
        (uid) => this.collector.processAttemptToDelete(uid),
        signal,
        onError,
      ),
      runWorkers(
        this.attemptToOrphan,
        workers,
        (uid) => this.collector.processAttemptToOrphan(uid),
        signal,
        onError,
      ),
    ]);
  }
}

/** The controller manager's constructor for the garbage collector. */
export function newGarbageCollectorController(ctx: ControllerContext): Controller {
  return new GarbageCollectorController(ctx);
}
