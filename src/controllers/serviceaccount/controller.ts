// The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go): every active
// namespace has a "default" ServiceAccount; one deleted is created again.
import type { ControllerContext, Controller } from "../controller.js";
import { namespaces, type Namespace } from "../../api/core/v1/namespace.js";
import { serviceAccounts, type ServiceAccount } from "../../api/core/v1/serviceaccount.js";
import { clientFor } from "../../client/index.js";
import { isAlreadyExists } from "../../client/rest/errors.js";
import type { Lister } from "../../client/informer/cache.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage, hasStatusCause, namespaceTerminatingCause } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";

/** ServiceAccountsToEnsure */
export const serviceAccountsToEnsure = ["default"];
/** Upstream runs this controller with one worker. */
export const defaultServiceAccountWorkers = 1;

export class ServiceAccountsController implements Controller {
  readonly name = "serviceaccount";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.log.child({ controller: "serviceaccount" });
  }

  async run(signal: AbortSignal): Promise<void> {
    const nsInf = this.ctx.informers.informerFor<Namespace>(namespaces);
    const saInf = this.ctx.informers.informerFor<ServiceAccount>(serviceAccounts);
    nsInf.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ""),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name ?? ""),
    });
    saInf.addEventHandler({ onDelete: (sa) => this.queue.add(sa.metadata.namespace ?? "") });
    if (!(await waitForCacheSync(signal, nsInf, saInf))) return;
    const client = clientFor<ServiceAccount>(this.ctx.client, serviceAccounts);
    await runWorkers(
      this.queue,
      this.ctx.options.workers ?? defaultServiceAccountWorkers,
      (ns) => syncNamespace(ns, nsInf.lister, saInf.lister, (sa) => client.create(ns, sa)),
      signal,
      (key, err, retries) =>
        this.log.warn({ namespace: key, err: errorMessage(err), retries }, "syncing namespace failed"),
    );
  }
}

/** syncNamespace: create the missing ServiceAccounts of an active namespace. */
export async function syncNamespace(
  name: string,
  nsLister: Pick<Lister<Namespace>, "get">,
  saLister: Pick<Lister<ServiceAccount>, "get">,
  create: (sa: ServiceAccount) => Promise<unknown>,
): Promise<void> {
  const ns = nsLister.get("", name);
  // Terminating namespaces get nothing new.
  if (!ns || ns.status?.phase !== "Active") return;
  for (const sa of serviceAccountsToEnsure) {
    if (saLister.get(name, sa)) continue;
    try {
      await create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa, namespace: name } });
    } catch (e) {
      if (isAlreadyExists(e) || hasStatusCause(e, namespaceTerminatingCause)) continue;
      throw e;
    }
  }
}

/** The controller manager's constructor for the service account controller. */
export function newServiceAccountsController(ctx: ControllerContext): Controller {
  return new ServiceAccountsController(ctx);
}
