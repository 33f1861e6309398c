// The CSR signing controller (pkg/controller/certificates/signer): issues certificates from the cluster CA
// for approved CertificateSigningRequests of the built-in signers kubernetes.io/kube-apiserver-client,
// kube-apiserver-client-kubelet and kubelet-serving. A request its signer refuses gets a Failed condition
// (reason SignerValidationFailure); one already issued, denied or failed is left alone.
import type { Controller, ControllerContext } from "../controller.js";
import {
  certificateSigningRequests,
  KubeAPIServerClientKubeletSignerName,
  KubeAPIServerClientSignerName,
  KubeletServingSignerName,
  type Csr,
} from "../../api/certificates/v1/index.js";
import { clientFor } from "../../client/index.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Informer } from "../../client/informer/informer.js";
import type { Logger } from "../../client/log.js";
import { isNotFound, isConflict } from "../../client/rest/errors.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { parseCertificateRequest, signCertificate, type ParsedRequest, type SigningCA } from "./x509.js";
import { validateApiServerClient, validateKubeletClient, validateKubeletServing } from "./validation.js";

/** upstream --cluster-signing-duration default: a year. */
export const defaultClusterSigningDurationSeconds = 365 * 24 * 3600;

const signers: Record<string, (req: ParsedRequest, usages: string[]) => string | undefined> = {
  [KubeAPIServerClientSignerName]: validateApiServerClient,
  [KubeAPIServerClientKubeletSignerName]: validateKubeletClient,
  [KubeletServingSignerName]: validateKubeletServing,
};

const hasCondition = (csr: Csr, type: string) =>
  (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");

export class CSRSigningController implements Controller {
  readonly name = "csrsigning";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;
  private informer!: Informer<Csr>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly ca: SigningCA,
    private readonly durationSeconds = defaultClusterSigningDurationSeconds,
  ) {
    this.log = ctx.log.child({ controller: "csrsigning" });
  }

  async run(signal: AbortSignal): Promise<void> {
    this.informer = this.ctx.informers.informerFor<Csr>(certificateSigningRequests);
    const add = (c: Csr) => this.queue.add(c.metadata.name ?? "");
    this.informer.addEventHandler({ onAdd: add, onUpdate: (_o, n) => add(n as Csr) });
    if (!(await waitForCacheSync(signal, this.informer))) return;
    await runWorkers(
      this.queue,
      this.ctx.options.workers ?? 5,
      (n) => this.sync(n),
      signal,
      (key, err, retries) => this.log.warn({ csr: key, err: errorMessage(err), retries }, "signing failed"),
    );
  }

  async sync(name: string): Promise<void> {
    const cached = this.informer.lister.get("", name) as Csr | undefined;
    if (!cached || cached.status?.certificate) return;
    if (!hasCondition(cached, "Approved") || hasCondition(cached, "Failed") || hasCondition(cached, "Denied"))
      return;
    const validate = signers[cached.spec.signerName];
    if (!validate) return;
    const csr = structuredClone<Csr>(cached);
    let req: ParsedRequest;
    try {
      req = await parseCertificateRequest(csr.spec.request);
    } catch (e) {
      return this.fail(csr, `unable to parse csr ${JSON.stringify(name)}: ${errorMessage(e)}`);
    }
    const usages = csr.spec.usages ?? [];
    const invalid = req.signatureValid ? validate(req, usages) : "the request's signature is invalid";
    if (invalid) return this.fail(csr, invalid);
    const seconds = Math.min(csr.spec.expirationSeconds ?? this.durationSeconds, this.durationSeconds);
    const pem = await signCertificate(this.ca, req, usages, seconds);
    csr.status = { ...(csr.status ?? {}), certificate: Buffer.from(pem).toString("base64") };
    await this.write(csr);
    this.log.info({ csr: name, signer: csr.spec.signerName, subject: req.raw.subject }, "issued certificate");
  }

  private async fail(csr: Csr, message: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    csr.status = {
      ...(csr.status ?? {}),
      conditions: [
        ...(csr.status?.conditions ?? []),
        {
          type: "Failed",
          status: "True",
          reason: "SignerValidationFailure",
          message,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    };
    await this.write(csr);
    this.log.info({ csr: csr.metadata.name, reason: message }, "refused to sign");
  }

  private async write(csr: Csr): Promise<void> {
    try {
      await clientFor<Csr>(this.ctx.client, certificateSigningRequests).updateStatus(
        "",
        csr.metadata.name ?? "",
        csr,
      );
    } catch (e) {
      // gone, or changed meanwhile: the informer brings the next version
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}

/** The controller manager's constructor; without a signing CA (ControllerOptions.clusterSigning) it only waits. */
export function newCSRSigningController(ctx: ControllerContext): Controller {
  const ca = ctx.options.clusterSigning;
  if (!ca)
    return {
      name: "csrsigning",
      run: async (signal) => {
        ctx.log.info({ controller: "csrsigning" }, "no cluster signing CA configured; not signing");
        await new Promise<void>((r) =>
          signal.aborted ? r() : signal.addEventListener("abort", () => r(), { once: true }),
        );
      },
    };
  return new CSRSigningController(ctx, ca, ca.durationSeconds);
}
