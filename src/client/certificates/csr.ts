// What an agent's kubelet does to join (k8s.io/client-go/util/certificate/csr and the kubelet's bootstrap):
// with a bootstrap token it creates a CertificateSigningRequest for CN=system:node:<name>, O=system:nodes
// (signer kubernetes.io/kube-apiserver-client-kubelet), waits for the csrapproving and csrsigning controllers
// to approve and issue it, and returns the certificate with its private key. From then on the node talks
// to the API server with that certificate: as system:node:<name> in system:nodes.
import { createHash, webcrypto } from "node:crypto";
import type { RestClient } from "../rest/client.js";
import { ApiError } from "../rest/errors.js";

export const KubeletClientSignerName = "kubernetes.io/kube-apiserver-client-kubelet";
export const KubeletServingSignerName = "kubernetes.io/kubelet-serving";

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const csrPath = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

export interface CertificateAndKey {
  cert: string; // PEM
  key: string; // PEM PKCS#8
}

export interface RequestCertificateOptions {
  /** kube-apiserver-client-kubelet (default) or kubelet-serving (then give dnsNames/ips). */
  signerName?: string;
  dnsNames?: string[];
  ips?: string[];
  /** Requested validity (spec.expirationSeconds, at least 600). */
  expirationSeconds?: number;
  /** Give up after this long (default 5 minutes; upstream's kubelet waits up to 1 hour). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Poll interval while waiting (default 250 ms). */
  pollMs?: number;
}

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END PRIVATE KEY-----\n`;
}

interface CsrObject {
  metadata: { name: string; uid?: string };
  spec: { request: string };
  status?: {
    certificate?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/**
 * Requests a node certificate for `nodeName` through the CSR API with `client` (which authenticates with a
 * bootstrap token, or with the node's current certificate when renewing) and waits until it is issued.
 * Throws when the request is denied or fails, or on timeout.
 */
export async function requestNodeCertificate(
  client: RestClient,
  nodeName: string,
  o: RequestCertificateOptions = {},
): Promise<CertificateAndKey> {
  await import("reflect-metadata");
  const x = await import("@peculiar/x509");
  x.cryptoProvider.set(webcrypto as any);
  const signerName = o.signerName ?? KubeletClientSignerName;
  const serving = signerName === KubeletServingSignerName;
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const names = [
    ...(o.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(o.ips ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  const request = await x.Pkcs10CertificateRequestGenerator.create({
    name: `O=system:nodes, CN=system:node:${nodeName}`,
    keys,
    signingAlgorithm: alg,
    extensions: names.length ? [new x.SubjectAlternativeNameExtension(names)] : [],
  });
  const requestPem = request.toString("pem") + "\n";
  // upstream's kubelet names its CSR after a digest of the request, so a retry finds its own CSR
  const name = `node-csr-${createHash("sha256").update(requestPem).digest("base64url").slice(0, 43)}`;
  const spec: Record<string, unknown> = {
    request: Buffer.from(requestPem).toString("base64"),
    signerName,
    usages: serving ? ["digital signature", "server auth"] : ["digital signature", "client auth"],
  };
  if (o.expirationSeconds) spec.expirationSeconds = o.expirationSeconds;
  let created: CsrObject;
  try {
    created = await client.raw<CsrObject>("POST", csrPath, {
      apiVersion: "certificates.k8s.io/v1",
      kind: "CertificateSigningRequest",
      metadata: { name },
      spec,
    });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
    created = await client.raw<CsrObject>("GET", `${csrPath}/${name}`);
    if (created.spec.request !== spec.request) throw new Error(`CSR ${name} exists with another request`);
  }
  const deadline = Date.now() + (o.timeoutMs ?? 300_000);
  for (;;) {
    o.signal?.throwIfAborted();
    const cur = await client.raw<CsrObject>("GET", `${csrPath}/${name}`);
    if (cur.metadata.uid !== created.metadata.uid) throw new Error(`CSR ${name} was deleted while waiting`);
    const bad = cur.status?.conditions?.find(
      (c) => (c.type === "Denied" || c.type === "Failed") && c.status === "True",
    );
    if (bad)
      throw new Error(
        `certificate signing request ${name} is ${bad.type.toLowerCase()}: ${bad.reason ?? ""} ${bad.message ?? ""}`.trim(),
      );
    if (cur.status?.certificate)
      return {
        cert: Buffer.from(cur.status.certificate, "base64").toString("utf8"),
        key: pemKey(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
      };
    if (Date.now() > deadline) throw new Error(`timed out waiting for certificate signing request ${name}`);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
  }
}
