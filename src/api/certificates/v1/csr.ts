// certificatesigningrequests.certificates.k8s.io: validation (pkg/apis/certificates/validation), the
// strategy's update rules (spec is immutable; /status sets the certificate and Failed; /approval sets
// Approved or Denied), columns as kubectl prints them.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  type FieldError,
} from "../../validation/field.js";
import { isDNS1123Subdomain, nameIsPathSegment } from "../../validation/names.js";
import { ageColumn, nameColumn } from "../../printers/columns.js";
import { humanDuration } from "../../printers/age.js";
import { CertificateSigningRequest, type CertificateSigningRequestCondition } from "./types.js";

export type Csr = CertificateSigningRequest & KubeObject;

export const keyUsages = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
];

/** The PEM blocks of a base64 []byte field. */
function pemBlocks(b64: string): { type: string; der: Buffer }[] {
  const text = Buffer.from(b64, "base64").toString("latin1");
  const out: { type: string; der: Buffer }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push({ type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ""), "base64") });
  return out;
}

/** A DER SEQUENCE (what an ASN.1 CertificationRequest or Certificate is). */
const isSequence = (der: Buffer) => der.length > 2 && der[0] === 0x30;

function validateRequest(request: string | undefined): FieldError[] {
  if (!request) return [invalid("spec.request", [], "PEM block type must be CERTIFICATE REQUEST")];
  const block = pemBlocks(request)[0];
  if (!block || block.type !== "CERTIFICATE REQUEST")
    return [invalid("spec.request", "<request data>", "PEM block type must be CERTIFICATE REQUEST")];
  if (!isSequence(block.der)) return [invalid("spec.request", "<request data>", "asn1: structure error")];
  return [];
}

/** upstream ValidateSignerName: "<fully-qualified domain>/<path>". */
function validateSignerName(name: string): FieldError[] {
  const p = "spec.signerName";
  if (!name) return [required(p, "")];
  const slash = name.indexOf("/");
  if (slash < 0)
    return [
      invalid(p, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'"),
    ];
  const domain = name.slice(0, slash);
  const path = name.slice(slash + 1);
  const errs: FieldError[] = [];
  if (!path) errs.push(invalid(p, name, "validating path: must not be empty"));
  if (!domain.includes("."))
    errs.push(invalid(p, domain, "should be a domain with at least two segments separated by dots"));
  else for (const m of isDNS1123Subdomain(domain)) errs.push(invalid(p, domain, m));
  return errs;
}

const finalConditions = ["Approved", "Denied", "Failed"];

function validateConditions(conds: CertificateSigningRequestCondition[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (conds ?? []).forEach((c, i) => {
    const p = `status.conditions[${i}]`;
    if (!c.type) errs.push(required(`${p}.type`, ""));
    else if (seen.has(c.type)) errs.push(duplicate(`${p}.type`, c.type));
    seen.add(c.type);
    if (finalConditions.includes(c.type) && c.status !== "True")
      errs.push(notSupported(`${p}.status`, c.status, ["True"]));
    else if (!["True", "False", "Unknown"].includes(c.status))
      errs.push(notSupported(`${p}.status`, c.status, ["False", "True", "Unknown"]));
    if ((c.type === "Denied" && seen.has("Approved")) || (c.type === "Approved" && seen.has("Denied")))
      if (!errs.some((e) => e.field === `${p}.type`))
        errs.push(invalid(`${p}.type`, c.type, "Approved and Denied conditions are mutually exclusive"));
  });
  return errs;
}

function validateCertificate(cert: string | undefined): FieldError[] {
  if (!cert) return [];
  const blocks = pemBlocks(cert);
  if (!blocks.length)
    return [
      invalid("status.certificate", "<certificate data>", "must contain at least one CERTIFICATE PEM block"),
    ];
  for (const b of blocks)
    if (b.type !== "CERTIFICATE" || !isSequence(b.der))
      return [
        invalid(
          "status.certificate",
          "<certificate data>",
          "only CERTIFICATE PEM blocks are allowed, found " + JSON.stringify(b.type),
        ),
      ];
  return [];
}

export function validateCertificateSigningRequest(o: Csr): FieldError[] {
  const spec = o.spec ?? ({} as Csr["spec"]);
  const errs: FieldError[] = [...validateRequest(spec.request)];
  if (!spec.usages?.length) errs.push(required("spec.usages", ""));
  const seen = new Set<string>();
  (spec.usages ?? []).forEach((u, i) => {
    if (!keyUsages.includes(u)) errs.push(notSupported(`spec.usages[${i}]`, u, keyUsages));
    if (seen.has(u)) errs.push(duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  errs.push(...validateSignerName(spec.signerName ?? ""));
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600)
    errs.push(
      invalid(
        "spec.expirationSeconds",
        spec.expirationSeconds,
        "may not specify a duration less than 600 seconds (10 minutes)",
      ),
    );
  errs.push(...validateConditions(o.status?.conditions), ...validateCertificate(o.status?.certificate));
  return errs;
}

/** Updates: Approved/Denied/Failed are never removed, an issued certificate never changes. */
export function validateCertificateSigningRequestUpdate(o: Csr, old: Csr): FieldError[] {
  const errs = validateCertificateSigningRequest(o);
  const now = new Set((o.status?.conditions ?? []).map((c) => c.type));
  for (const c of old.status?.conditions ?? [])
    if (finalConditions.includes(c.type) && !now.has(c.type))
      errs.push(
        forbidden(
          "status.conditions",
          `updates may not remove a condition of type ${JSON.stringify(c.type)}`,
        ),
      );
  const before = old.status?.certificate;
  if (before && o.status?.certificate !== before)
    errs.push(
      invalid(
        "status.certificate",
        "<certificate data>",
        "updates may not modify existing certificate content",
      ),
    );
  if (!before && o.status?.certificate && !now.has("Approved"))
    errs.push(
      invalid(
        "status.certificate",
        "<certificate data>",
        "certificate issuance requires an Approved condition",
      ),
    );
  if (!before && o.status?.certificate && now.has("Failed"))
    errs.push(
      invalid(
        "status.certificate",
        "<certificate data>",
        "certificate issuance is not allowed with a Failed condition",
      ),
    );
  return errs;
}

/** The Condition column: "Approved,Issued", "Pending", ... */
export function csrCondition(o: Csr): string {
  const types: string[] = [];
  for (const c of o.status?.conditions ?? []) if (c.type && c.status !== "False") types.push(c.type);
  if (o.status?.certificate) types.push("Issued");
  return types.length ? types.join(",") : "Pending";
}

export const certificateSigningRequests: ResourceType<Csr> = {
  group: "certificates.k8s.io",
  version: "v1",
  kind: "CertificateSigningRequest",
  plural: "certificatesigningrequests",
  singular: "certificatesigningrequest",
  shortNames: ["csr"],
  namespaced: false,
  schema: CertificateSigningRequest,
  // upstream: "we don't care what you call your certificate requests" (kubelets use base64url digests)
  nameValidator: nameIsPathSegment,
  status: true,
  extraSubresources: [
    { name: "approval", kind: "CertificateSigningRequest", verbs: ["get", "patch", "update"] },
  ],
  validate: validateCertificateSigningRequest,
  validateUpdate: validateCertificateSigningRequestUpdate,
  // spec is set once, at creation (upstream's PrepareForUpdate keeps the old one)
  prepareForUpdate: (o, old) => {
    o.spec = old.spec;
  },
  fieldSelectors: { "spec.signerName": (o) => o.spec?.signerName ?? "" },
  printerColumns: [
    nameColumn,
    ageColumn,
    {
      name: "SignerName",
      type: "string",
      priority: 0,
      description: "signerName indicates the requested signer, and is a qualified name.",
      cell: (o: Csr) => o.spec?.signerName ?? "",
    },
    {
      name: "Requestor",
      type: "string",
      priority: 0,
      description: "username contains the name of the user that created the CertificateSigningRequest.",
      cell: (o: Csr) => o.spec?.username ?? "",
    },
    {
      name: "RequestedDuration",
      type: "string",
      priority: 0,
      description: "expirationSeconds is the requested duration of validity of the issued certificate.",
      cell: (o: Csr) =>
        o.spec?.expirationSeconds === undefined ? "<none>" : humanDuration(o.spec.expirationSeconds * 1000),
    },
    {
      name: "Condition",
      type: "string",
      priority: 0,
      description: "conditions applied to the request. Known conditions are Approved, Denied, and Failed.",
      cell: csrCondition,
    },
  ],
};
