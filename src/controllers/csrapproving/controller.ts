// The CSR approving controller (pkg/controller/certificates/approver/sarapprove.go): auto-approves kubelet
// client certificate requests (signer kubernetes.io/kube-apiserver-client-kubelet) when a
// SubjectAccessReview says the requester may create certificatesigningrequests/nodeclient (a new node,
// e.g. a bootstrap token in system:bootstrappers) or, for its own name, .../selfnodeclient (a node renewing).
// k8ts also approves kubelet serving certificates a node asks for itself (k3s does; upstream leaves them to
// an administrator — docs/compatibility.md).
import type { Controller, ControllerContext } from "../controller.js";
import {
  certificateSigningRequests,
  KubeAPIServerClientKubeletSignerName,
  KubeletServingSignerName,
  type Csr,
} from "../../api/certificates/v1/index.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Informer } from "../../client/informer/informer.js";
import type { Logger } from "../../client/log.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { parseCertificateRequest, type ParsedRequest } from "../csrsigning/x509.js";
import { validateKubeletClient, validateKubeletServing } from "../csrsigning/validation.js";

interface Recognizer {
  /** Does this request belong to the recognizer? */
  recognize(csr: Csr, req: ParsedRequest): boolean;
  /** The subresource a SubjectAccessReview must allow (create certificatesigningrequests/<sub>). */
  subresource: string;
  message: string;
}

const recognizers: Recognizer[] = [
  {
    recognize: (csr, req) =>
      csr.spec.signerName === KubeAPIServerClientKubeletSignerName &&
      !validateKubeletClient(req, csr.spec.usages ?? []) &&
      req.commonName === csr.spec.username,
    subresource: "selfnodeclient",
    message: "Auto approving self kubelet client certificate after SubjectAccessReview.",
  },
  {
    recognize: (csr, req) =>
      csr.spec.signerName === KubeAPIServerClientKubeletSignerName &&
      !validateKubeletClient(req, csr.spec.usages ?? []),
    subresource: "nodeclient",
    message: "Auto approving kubelet client certificate after SubjectAccessReview.",
  },
];

/** k8ts: a node's own serving certificate, asked for by that node. */
const isSelfServing = (csr: Csr, req: ParsedRequest) =>
  csr.spec.signerName === KubeletServingSignerName &&
  !validateKubeletServing(req, csr.spec.usages ?? []) &&
  req.commonName === csr.spec.username &&
  (csr.spec.groups ?? []).includes("system:nodes");

const decided = (csr: Csr) =>
  (csr.status?.conditions ?? []).some(
    (c) => (c.type === "Approved" || c.type === "Denied") && c.status === "True",
  ) || !!csr.status?.certificate;

export class CSRApprovingController implements Controller {
  readonly name = "csrapproving";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;
  private informer!: Informer<Csr>;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.log.child({ controller: "csrapproving" });
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
      (key, err, retries) => this.log.warn({ csr: key, err: errorMessage(err), retries }, "approving failed"),
    );
  }

  /** May the CSR's requester create certificatesigningrequests/<subresource>? */
  private async allowed(csr: Csr, subresource: string): Promise<boolean> {
    const sar = await this.ctx.client.raw<{ status?: { allowed?: boolean } }>(
      "POST",
      "/apis/authorization.k8s.io/v1/subjectaccessreviews",
      {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        spec: {
          user: csr.spec.username,
          uid: csr.spec.uid,
          groups: csr.spec.groups,
          extra: csr.spec.extra,
          resourceAttributes: {
            group: "certificates.k8s.io",
            resource: "certificatesigningrequests",
            verb: "create",
            subresource,
          },
        },
      },
    );
    return sar.status?.allowed === true;
  }

  async sync(name: string): Promise<void> {
    const cached = this.informer.lister.get("", name) as Csr | undefined;
    if (!cached || decided(cached)) return;
    if (
      cached.spec.signerName !== KubeAPIServerClientKubeletSignerName &&
      cached.spec.signerName !== KubeletServingSignerName
    )
      return;
    let req: ParsedRequest;
    try {
      req = await parseCertificateRequest(cached.spec.request);
    } catch (e) {
      this.log.info({ csr: name, err: errorMessage(e) }, "unable to parse csr");
      return;
    }
    let message: string | undefined;
    if (isSelfServing(cached, req))
      message = "Auto approving kubelet serving certificate requested by its node.";
    else
      for (const r of recognizers) {
        if (!r.recognize(cached, req)) continue;
        if (await this.allowed(cached, r.subresource)) {
          message = r.message;
          break;
        }
      }
    if (!message) return;
    const csr = structuredClone<Csr>(cached);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    csr.status = {
      ...(csr.status ?? {}),
      conditions: [
        ...(csr.status?.conditions ?? []),
        {
          type: "Approved",
          status: "True",
          reason: "AutoApproved",
          message,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    };
    try {
      await this.ctx.client.raw(
        "PUT",
        `/apis/certificates.k8s.io/v1/certificatesigningrequests/${encodeURIComponent(name)}/approval`,
        csr,
      );
      this.log.info({ csr: name, requester: csr.spec.username }, "approved");
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}

export function newCSRApprovingController(ctx: ControllerContext): Controller {
  return new CSRApprovingController(ctx);
}
