// The token cleaner (pkg/controller/bootstrap/tokencleaner.go): deletes bootstrap token Secrets in
// kube-system once their expiration has passed, and re-checks each unexpired one when it is due.
import type { Controller, ControllerContext } from "../controller.js";
import { secrets, type Secret } from "../../api/core/v1/secret.js";
import { clientFor } from "../../client/index.js";
import { Informer } from "../../client/informer/informer.js";
import { isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";

export const BootstrapTokenSecretType = "bootstrap.kubernetes.io/token";
const tokenSecretNamespace = "kube-system";

/** ms until the token expires (<= 0: expired; a malformed expiration counts as expired); undefined: never. */
export function timeToExpiry(secret: Pick<Secret, "data">, now: number): number | undefined {
  const raw = secret.data?.expiration;
  if (raw === undefined) return undefined;
  const t = Date.parse(Buffer.from(raw, "base64").toString("utf8"));
  return Number.isNaN(t) ? 0 : t - now;
}

export class TokenCleaner implements Controller {
  readonly name = "tokencleaner";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;
  private readonly informer: Informer<Secret>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly now: () => number = Date.now,
  ) {
    this.log = ctx.log.child({ controller: "tokencleaner" });
    // its own informer: only kube-system's bootstrap token Secrets, as upstream's filtered informer
    this.informer = new Informer<Secret>(clientFor<Secret>(ctx.client, secrets), {
      namespace: tokenSecretNamespace,
      fieldSelector: `type=${BootstrapTokenSecretType}`,
      onError: (err) => this.log.warn({ err: errorMessage(err) }, "secret informer error"),
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    const enqueue = (s: { metadata: { name?: string } }) => this.queue.add(s.metadata.name ?? "");
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
    const running = this.informer.run(signal);
    if (await waitForCacheSync(signal, this.informer))
      await runWorkers(
        this.queue,
        1,
        (name) => this.sync(name),
        signal,
        (key, err, retries) =>
          this.log.warn({ secret: key, err: errorMessage(err), retries }, "syncing bootstrap token failed"),
      );
    await running;
  }

  /** evalSecret: delete an expired token (with its UID as precondition), else come back when it expires. */
  async sync(name: string): Promise<ReconcileResult | void> {
    const secret = this.informer.lister.get(tokenSecretNamespace, name);
    if (!secret || secret.type !== BootstrapTokenSecretType || secret.metadata.deletionTimestamp) return;
    const ttl = timeToExpiry(secret, this.now());
    if (ttl === undefined) return;
    if (ttl > 0) return { requeueAfterMs: ttl };
    this.log.info({ secret: `${tokenSecretNamespace}/${name}` }, "deleting expired bootstrap token");
    try {
      await clientFor(this.ctx.client, secrets).delete(tokenSecretNamespace, name, {
        preconditions: { uid: secret.metadata.uid },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function newTokenCleanerController(ctx: ControllerContext): Controller {
  return new TokenCleaner(ctx);
}
