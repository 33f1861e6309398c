import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import { certificateSigningRequests, csrCondition, type Csr } from "./csr.js";

// a syntactically valid PEM block around a DER SEQUENCE (signatures are the signer's concern)
const pem = (type: string, serial = 0) =>
  Buffer.from(
    `-----BEGIN ${type}-----\n${Buffer.from([0x30, 0x03, 0x02, 0x01, serial]).toString("base64")}\n-----END ${type}-----\n`,
  ).toString("base64");

const csr = (spec: Partial<Csr["spec"]>, status?: Csr["status"]): Csr => ({
  apiVersion: "certificates.k8s.io/v1",
  kind: "CertificateSigningRequest",
  metadata: { name: "c", creationTimestamp: "2024-01-01T00:00:00Z" },
  spec: {
    request: pem("CERTIFICATE REQUEST"),
    signerName: "kubernetes.io/kube-apiserver-client",
    usages: ["client auth"],
    ...spec,
  },
  status,
});

const errs = (o: Csr, old?: Csr) =>
  (old ? certificateSigningRequests.validateUpdate!(o, old) : certificateSigningRequests.validate!(o)).map(
    errorString,
  );

test("create validation as upstream", () => {
  assert.deepEqual(errs(csr({})), []);
  assert.deepEqual(errs(csr({ request: pem("CERTIFICATE") })), [
    'spec.request: Invalid value: "<request data>": PEM block type must be CERTIFICATE REQUEST',
  ]);
  assert.deepEqual(errs(csr({ usages: [] })), ["spec.usages: Required value"]);
  assert.match(
    errs(csr({ usages: ["client auth", "flying"] }))[0],
    /^spec\.usages\[1\]: Unsupported value: "flying"/,
  );
  assert.deepEqual(errs(csr({ usages: ["client auth", "client auth"] })), [
    'spec.usages[1]: Duplicate value: "client auth"',
  ]);
  assert.deepEqual(errs(csr({ signerName: "" })), ["spec.signerName: Required value"]);
  assert.deepEqual(errs(csr({ signerName: "nodomain" })), [
    "spec.signerName: Invalid value: \"nodomain\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
  ]);
  assert.deepEqual(errs(csr({ expirationSeconds: 599 })), [
    "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)",
  ]);
});

test("conditions: unique, Approved xor Denied, True only, never removed; the certificate never changes", () => {
  const approved = { type: "Approved", status: "True", reason: "r" };
  assert.deepEqual(errs(csr({}, { conditions: [approved, { type: "Approved", status: "True" }] })), [
    'status.conditions[1].type: Duplicate value: "Approved"',
  ]);
  assert.deepEqual(errs(csr({}, { conditions: [approved, { type: "Denied", status: "True" }] })), [
    'status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
  ]);
  assert.deepEqual(errs(csr({}, { conditions: [{ type: "Failed", status: "False" }] })), [
    'status.conditions[0].status: Unsupported value: "False": supported values: "True"',
  ]);
  const old = csr({}, { conditions: [approved], certificate: pem("CERTIFICATE") });
  assert.deepEqual(errs(csr({}, { certificate: pem("CERTIFICATE") }), old), [
    'status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
  ]);
  assert.deepEqual(errs(csr({}, { conditions: [approved], certificate: pem("CERTIFICATE", 1) }), old), [
    'status.certificate: Invalid value: "<certificate data>": updates may not modify existing certificate content',
  ]);
  assert.deepEqual(errs(csr({}, { certificate: pem("CERTIFICATE") }), csr({})), [
    'status.certificate: Invalid value: "<certificate data>": certificate issuance requires an Approved condition',
  ]);
});

test("columns: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION", () => {
  const cols = certificateSigningRequests.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"],
  );
  const now = Date.parse("2024-01-01T00:05:00Z");
  const o = csr({ username: "system:bootstrap:abcdef", expirationSeconds: 3600 });
  assert.deepEqual(
    cols.map((c) => c.cell(o, now)),
    ["c", "5m", "kubernetes.io/kube-apiserver-client", "system:bootstrap:abcdef", "60m", "Pending"],
  );
  assert.equal(
    csrCondition(csr({}, { conditions: [{ type: "Approved", status: "True" }], certificate: "x" })),
    "Approved,Issued",
  );
  assert.equal(cols[4].cell(csr({}), now), "<none>");
});
