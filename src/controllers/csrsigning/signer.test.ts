import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, webcrypto } from "node:crypto";
import { parseCertificateRequest, signCertificate, x509 } from "./x509.js";
import { validateApiServerClient, validateKubeletClient, validateKubeletServing } from "./validation.js";

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

async function request(name: string, sans: { type: "dns" | "ip" | "email"; value: string }[] = []) {
  const x = await x509();
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const csr = await x.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: alg,
    extensions: sans.length ? [new x.SubjectAlternativeNameExtension(sans)] : [],
  });
  return Buffer.from(csr.toString("pem")).toString("base64");
}

async function ca() {
  const x = await x509();
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x.X509CertificateGenerator.createSelfSigned({
    name: "CN=test-ca",
    keys,
    signingAlgorithm: alg,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3650 * 86400_000),
    extensions: [new x.BasicConstraintsExtension(true, undefined, true)],
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  return {
    cert: cert.toString("pem"),
    key: `-----BEGIN PRIVATE KEY-----\n${der}\n-----END PRIVATE KEY-----\n`,
  };
}

test("the kubelet client signer accepts only system:node:<name> in system:nodes without SANs", async () => {
  const ok = await parseCertificateRequest(await request("O=system:nodes, CN=system:node:n1"));
  assert.equal(ok.signatureValid, true);
  assert.equal(validateKubeletClient(ok, ["digital signature", "client auth"]), undefined);
  assert.equal(
    validateKubeletClient(ok, ["digital signature", "key encipherment", "client auth"]),
    undefined,
  );
  assert.equal(
    validateKubeletClient(ok, ["server auth"]),
    "usages did not match [client auth digital signature]",
  );
  const wrongOrg = await parseCertificateRequest(await request("O=system:masters, CN=system:node:n1"));
  assert.equal(
    validateKubeletClient(wrongOrg, ["client auth", "digital signature"]),
    "subject organization is not system:nodes",
  );
  const wrongCn = await parseCertificateRequest(await request("O=system:nodes, CN=admin"));
  assert.equal(
    validateKubeletClient(wrongCn, ["client auth", "digital signature"]),
    "subject common name does not begin with system:node:",
  );
  const dns = await parseCertificateRequest(
    await request("O=system:nodes, CN=system:node:n1", [{ type: "dns", value: "n1" }]),
  );
  assert.equal(
    validateKubeletClient(dns, ["client auth", "digital signature"]),
    "DNS subjectAltNames are not allowed",
  );
  assert.equal(validateKubeletServing(dns, ["digital signature", "server auth"]), undefined);
  assert.equal(
    validateKubeletServing(ok, ["digital signature", "server auth"]),
    "DNS or IP subjectAltName is required",
  );
  assert.equal(
    validateApiServerClient(ok, ["client auth", "server auth"]),
    "invalid usage for client certificate: server auth",
  );
});

test("issued certificates carry the request's subject, SANs and usages, signed by the CA, within the duration", async () => {
  const authority = await ca();
  const req = await parseCertificateRequest(
    await request("O=system:nodes, CN=system:node:n1", [
      { type: "dns", value: "n1" },
      { type: "ip", value: "10.0.0.1" },
    ]),
  );
  const pem = await signCertificate(authority, req, ["digital signature", "server auth"], 3600);
  const cert = new X509Certificate(pem);
  assert.ok(cert.checkIssued(new X509Certificate(authority.cert)));
  assert.ok(cert.verify(new X509Certificate(authority.cert).publicKey));
  assert.match(cert.subject, /CN=system:node:n1/);
  assert.match(cert.subjectAltName ?? "", /DNS:n1/);
  assert.match(cert.subjectAltName ?? "", /IP Address:10.0.0.1/);
  assert.deepEqual(cert.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
  const life = Date.parse(cert.validTo) - Date.now();
  assert.ok(life <= 3600_000 && life > 3500_000, String(life));
});
