// The certificate admission plugins upstream enables by default (plugin/pkg/admission/certificates):
// CertificateApproval (an /approval write needs `approve` on signers/<signerName>), CertificateSigning (a
// /status write that sets or changes the certificate needs `sign` on it) and CertificateSubjectRestriction
// (no kube-apiserver-client certificate for the system:masters group). A signer may also be granted as
// "<domain>/*".
import type { UserInfo } from "../../authn/user.js";
import type { AuthorizationAttributes } from "../../authz/authorizer.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;
export type Authorize = (a: AuthorizationAttributes) => Promise<{ decision: string }> | { decision: string };

const isCsr = (a: Attributes) =>
  a.resource.group === "certificates.k8s.io" && a.resource.plural === "certificatesigningrequests";

/** upstream IsAuthorizedForSignerName: the exact signer, then its domain wildcard. */
async function authorizedForSigner(authorize: Authorize, user: UserInfo, verb: string, signerName: string) {
  const attrs = (name: string): AuthorizationAttributes => ({
    user,
    verb,
    resourceRequest: true,
    path: "",
    namespace: "",
    apiGroup: "certificates.k8s.io",
    apiVersion: "*",
    resource: "signers",
    subresource: "",
    name,
  });
  if ((await authorize(attrs(signerName))).decision === "Allow") return true;
  const slash = signerName.indexOf("/");
  return slash > 0 && (await authorize(attrs(`${signerName.slice(0, slash)}/*`))).decision === "Allow";
}

export function certificateApproval(authorize: Authorize): AdmissionPlugin {
  return {
    name: "CertificateApproval",
    async validate(a) {
      if (!isCsr(a) || a.operation !== "UPDATE" || a.subresource !== "approval" || !a.object) return;
      const signer = ((a.object as Json).spec?.signerName ?? "") as string;
      if (!(await authorizedForSigner(authorize, a.user, "approve", signer)))
        throw forbidden(
          a.resource.gr,
          a.name,
          `user not permitted to approve requests with signerName ${JSON.stringify(signer)}`,
        );
    },
  };
}

export function certificateSigning(authorize: Authorize): AdmissionPlugin {
  return {
    name: "CertificateSigning",
    async validate(a) {
      if (!isCsr(a) || a.operation !== "UPDATE" || a.subresource !== "status" || !a.object) return;
      const cert = (a.object as Json).status?.certificate as string | undefined;
      const old = (a.oldObject as Json | undefined)?.status?.certificate as string | undefined;
      if (cert === old) return;
      const signer = ((a.object as Json).spec?.signerName ?? "") as string;
      if (!(await authorizedForSigner(authorize, a.user, "sign", signer)))
        throw forbidden(
          a.resource.gr,
          a.name,
          `user not permitted to sign requests with signerName ${JSON.stringify(signer)}`,
        );
    },
  };
}

/** The O= values of a PEM CERTIFICATE REQUEST's subject, read from its DER without a full parser. */
export function requestOrganizations(requestB64: string): string[] {
  const pem = Buffer.from(requestB64, "base64").toString("latin1");
  const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(pem);
  if (!m) return [];
  const der = Buffer.from(m[1].replace(/\s+/g, ""), "base64");
  // the subject is the second element of CertificationRequestInfo; organizationName is OID 2.5.4.10
  const out: string[] = [];
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x0a]);
  for (let i = der.indexOf(oid); i >= 0; i = der.indexOf(oid, i + 1)) {
    const at = i + oid.length;
    const len = der[at + 1];
    if (len === undefined || len > 127) continue;
    out.push(der.subarray(at + 2, at + 2 + len).toString("utf8"));
  }
  return out;
}

export function certificateSubjectRestriction(): AdmissionPlugin {
  return {
    name: "CertificateSubjectRestriction",
    validate(a) {
      if (!isCsr(a) || a.operation !== "CREATE" || a.subresource || !a.object) return;
      const spec = ((a.object as Json).spec ?? {}) as Json;
      if (spec.signerName !== "kubernetes.io/kube-apiserver-client") return;
      if (requestOrganizations((spec.request ?? "") as string).includes("system:masters"))
        throw forbidden(
          a.resource.gr,
          a.name,
          "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed",
        );
    },
  };
}
