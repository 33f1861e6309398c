// What each built-in signer accepts (k8s.io/kubernetes/pkg/apis/certificates ValidateKubeletClientCSR,
// ValidateKubeletServingCSR, and the kube-apiserver-client usages check); messages as upstream's.
import type { ParsedRequest } from "./x509.js";

export const kubeletClientRequiredUsages = ["client auth", "digital signature"];
export const kubeletServingRequiredUsages = ["digital signature", "server auth"];

const usagesMatch = (usages: string[], required: string[]) => {
  const set = new Set(usages);
  set.delete("key encipherment"); // optional: RSA keys need it, ECDSA keys do not
  return set.size === required.length && required.every((u) => set.has(u));
};

/** upstream ValidateKubeletClientCSR; undefined when valid. */
export function validateKubeletClient(req: ParsedRequest, usages: string[]): string | undefined {
  if (req.organizations.length !== 1 || req.organizations[0] !== "system:nodes")
    return "subject organization is not system:nodes";
  if (!req.commonName.startsWith("system:node:"))
    return "subject common name does not begin with system:node:";
  if (req.dnsNames.length) return "DNS subjectAltNames are not allowed";
  if (req.emails.length) return "Email subjectAltNames are not allowed";
  if (req.ips.length) return "IP subjectAltNames are not allowed";
  if (req.uris.length) return "URI subjectAltNames are not allowed";
  if (!usagesMatch(usages, kubeletClientRequiredUsages))
    return `usages did not match [${kubeletClientRequiredUsages.join(" ")}]`;
  return undefined;
}

/** upstream ValidateKubeletServingCSR. */
export function validateKubeletServing(req: ParsedRequest, usages: string[]): string | undefined {
  if (req.organizations.length !== 1 || req.organizations[0] !== "system:nodes")
    return "subject organization is not system:nodes";
  if (!req.commonName.startsWith("system:node:"))
    return "subject common name does not begin with system:node:";
  if (!req.dnsNames.length && !req.ips.length) return "DNS or IP subjectAltName is required";
  if (req.emails.length) return "Email subjectAltNames are not allowed";
  if (req.uris.length) return "URI subjectAltNames are not allowed";
  if (!usagesMatch(usages, kubeletServingRequiredUsages))
    return `usages did not match [${kubeletServingRequiredUsages.join(" ")}]`;
  return undefined;
}

const clientUsages = new Set(["digital signature", "key encipherment", "client auth"]);

/** kube-apiserver-client: client usages only. */
export function validateApiServerClient(_req: ParsedRequest, usages: string[]): string | undefined {
  const bad = usages.find((u) => !clientUsages.has(u));
  if (bad) return `invalid usage for client certificate: ${bad}`;
  if (!usages.includes("client auth")) return "missing required usage for client certificate: client auth";
  return undefined;
}
