// The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): every active namespace
// has a ConfigMap kube-root-ca.crt whose ca.crt is the CA bundle pods use to verify the API server (what the
// ServiceAccount admission plugin's kube-api-access volume projects). Changed or deleted copies are restored.
import type { Controller, ControllerContext } from "../controller.js";
import { namespaces, type Namespace } from "../../api/core/v1/namespace.js";
import { configMaps, type ConfigMap } from "../../api/core/v1/configmap.js";
import { clientFor } from "../../client/index.js";
import { isAlreadyExists } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Lister } from "../../client/informer/cache.js";
import type { Logger } from "../../client/log.js";
import { errorMessage, hasStatusCause, namespaceTerminatingCause } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";

export const RootCACertConfigMapName = "kube-root-ca.crt";
export const descriptionAnnotation = "kubernetes.io/description";
export const description =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

export interface Publish {
  create(namespace: string, cm: ConfigMap): Promise<unknown>;
  update(namespace: string, cm: ConfigMap): Promise<unknown>;
}

/** syncNamespace: the ConfigMap a namespace should have, created or corrected. */
export async function syncNamespace(
  ns: string,
  rootCA: string,
  nsLister: Pick<Lister<Namespace>, "get">,
  cmLister: Pick<Lister<ConfigMap>, "get">,
  api: Publish,
): Promise<"created" | "updated" | undefined> {
  const namespace = nsLister.get("", ns);
  if (!namespace || namespace.status?.phase === "Terminating" || namespace.metadata.deletionTimestamp) return;
  const cur = cmLister.get(ns, RootCACertConfigMapName);
  if (!cur) {
    try {
      await api.create(ns, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: RootCACertConfigMapName,
          namespace: ns,
          annotations: { [descriptionAnnotation]: description },
        },
        data: { "ca.crt": rootCA },
      });
      return "created";
    } catch (e) {
      if (isAlreadyExists(e) || hasStatusCause(e, namespaceTerminatingCause)) return;
      throw e;
    }
  }
  const data = cur.data ?? {};
  const annotated = cur.metadata.annotations?.[descriptionAnnotation] === description;
  if (Object.keys(data).length === 1 && data["ca.crt"] === rootCA && annotated) return;
  const next = structuredClone(cur) as ConfigMap;
  next.data = { "ca.crt": rootCA };
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [descriptionAnnotation]: description };
  // a NotFound or Conflict is retried by the queue, with the informer's newer copy
  await api.update(ns, next);
  return "updated";
}

export class RootCACertPublisher implements Controller {
  readonly name = "root-ca-cert-publisher";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly rootCA: string,
  ) {
    this.log = ctx.log.child({ controller: "root-ca-cert-publisher" });
  }

  async run(signal: AbortSignal): Promise<void> {
    const nsInf = this.ctx.informers.informerFor<Namespace>(namespaces);
    const cmInf = this.ctx.informers.informerFor<ConfigMap>(configMaps);
    nsInf.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ""),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name ?? ""),
    });
    const onCm = (cm: { metadata: { name?: string; namespace?: string } }) => {
      if (cm.metadata.name === RootCACertConfigMapName) this.queue.add(cm.metadata.namespace ?? "");
    };
    cmInf.addEventHandler({ onUpdate: (_o, cm) => onCm(cm), onDelete: onCm });
    if (!(await waitForCacheSync(signal, nsInf, cmInf))) return;
    const api = clientFor<ConfigMap>(this.ctx.client, configMaps);
    await runWorkers(
      this.queue,
      this.ctx.options.workers ?? 1,
      async (ns) => {
        const r = await syncNamespace(ns, this.rootCA, nsInf.lister, cmInf.lister, {
          create: (n, cm) => api.create(n, cm),
          update: (n, cm) => api.update(n, cm.metadata.name ?? "", cm),
        });
        if (r) this.log.info({ namespace: ns, result: r }, "published root CA");
      },
      signal,
      (key, err, retries) =>
        this.log.warn({ namespace: key, err: errorMessage(err), retries }, "publishing root CA failed"),
    );
  }
}

/** Without a root CA (ControllerOptions.rootCA, upstream --root-ca-file) there is nothing to publish. */
export function newRootCACertPublisher(ctx: ControllerContext): Controller {
  const ca = ctx.options.rootCA;
  if (!ca)
    return {
      name: "root-ca-cert-publisher",
      run: async (signal) => {
        await new Promise<void>((r) =>
          signal.aborted ? r() : signal.addEventListener("abort", () => r(), { once: true }),
        );
      },
    };
  return new RootCACertPublisher(ctx, ca);
}
