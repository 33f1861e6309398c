import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import type { Attributes } from "../admission.js";
import type { ResourceInfo } from "../../registry/resource.js";
import { StatusError } from "../../errors.js";
import {
  certificateApproval,
  certificateSigning,
  certificateSubjectRestriction,
  requestOrganizations,
  type Authorize,
} from "./signers.js";

async function request(name: string): Promise<string> {
  await import("reflect-metadata");
  const x = await import("@peculiar/x509");
  x.cryptoProvider.set(webcrypto as any);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const csr = await x.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: alg });
  return Buffer.from(csr.toString("pem")).toString("base64");
}

const resource = {
  group: "certificates.k8s.io",
  plural: "certificatesigningrequests",
  gr: { group: "certificates.k8s.io", resource: "certificatesigningrequests" },
} as unknown as ResourceInfo;
const attrs = (a: Partial<Attributes>): Attributes => ({
  operation: "UPDATE",
  resource,
  subresource: "approval",
  namespace: "",
  name: "c",
  user: { username: "approver", groups: [] },
  dryRun: false,
  object: { metadata: { name: "c" }, spec: { signerName: "example.com/issuer" } },
  ...a,
});
const allowOnly =
  (names: string[]): Authorize =>
  (a) => ({ decision: names.includes(a.name) ? "Allow" : "NoOpinion" });
const refusal = async (f: () => Promise<void> | void) => {
  try {
    await f();
    return undefined;
  } catch (e) {
    return e instanceof StatusError ? e.status.message : String(e);
  }
};

test("approval needs approve on the signer or its domain wildcard", async () => {
  assert.equal(
    await refusal(() => certificateApproval(allowOnly(["example.com/issuer"])).validate!(attrs({}))),
    undefined,
  );
  assert.equal(
    await refusal(() => certificateApproval(allowOnly(["example.com/*"])).validate!(attrs({}))),
    undefined,
  );
  assert.equal(
    await refusal(() => certificateApproval(allowOnly([])).validate!(attrs({}))),
    'certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to approve requests with signerName "example.com/issuer"',
  );
  // other writes are not its business
  assert.equal(
    await refusal(() => certificateApproval(allowOnly([])).validate!(attrs({ subresource: "status" }))),
    undefined,
  );
});

test("setting the certificate needs sign; other status writes do not", async () => {
  const obj = (certificate?: string) => ({
    metadata: { name: "c" },
    spec: { signerName: "example.com/issuer" },
    status: { certificate },
  });
  const sign = certificateSigning(allowOnly([]));
  assert.equal(
    await refusal(() =>
      sign.validate!(attrs({ subresource: "status", object: obj("Y2VydA=="), oldObject: obj() })),
    ),
    'certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to sign requests with signerName "example.com/issuer"',
  );
  assert.equal(
    await refusal(() => sign.validate!(attrs({ subresource: "status", object: obj(), oldObject: obj() }))),
    undefined,
  );
});

test("no kube-apiserver-client certificate for system:masters", async () => {
  const masters = await request("O=system:masters, CN=mallory");
  assert.deepEqual(requestOrganizations(masters), ["system:masters"]);
  assert.deepEqual(requestOrganizations(await request("O=dev, O=ops, CN=jane")).sort(), ["dev", "ops"]);
  const create = (req: string, signerName = "kubernetes.io/kube-apiserver-client") =>
    attrs({
      operation: "CREATE",
      subresource: "",
      object: { metadata: { name: "c" }, spec: { signerName, request: req } },
    });
  const plugin = certificateSubjectRestriction();
  assert.equal(
    await refusal(() => plugin.validate!(create(masters))),
    'certificatesigningrequests.certificates.k8s.io "c" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
  );
  assert.equal(await refusal(() => plugin.validate!(create(masters, "example.com/other"))), undefined);
});
