import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { ensurePki, issueCertificate, issueKubeletServingCertificate } from "./pki.js";

test("ensurePki creates a CA, a serving cert for loopback and an admin client cert, and reuses them", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-pki-"));
  try {
    const p = await ensurePki(dir, { ips: ["10.43.0.1"] });
    const ca = new X509Certificate(p.ca.cert);
    const serving = new X509Certificate(p.serving.cert);
    const admin = new X509Certificate(p.admin.cert);
    assert.ok(ca.ca, "CA has basicConstraints CA:TRUE");
    assert.ok(serving.verify(ca.publicKey), "serving cert signed by CA");
    assert.ok(admin.verify(ca.publicKey), "admin cert signed by CA");
    assert.equal(serving.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(serving.checkIP("10.43.0.1"), "10.43.0.1");
    assert.equal(serving.checkHost("kubernetes.default.svc"), "kubernetes.default.svc");
    assert.match(admin.subject, /CN=system:admin/);
    assert.match(admin.subject, /O=system:masters/);
    const again = await ensurePki(dir, { ips: ["10.43.0.1"] });
    assert.equal(again.ca.cert, p.ca.cert, "CA is reused");
    assert.equal(again.serving.cert, p.serving.cert, "serving cert is reused when SANs still match");
    const more = await ensurePki(dir, { ips: ["10.43.0.1", "192.0.2.7"] });
    assert.notEqual(more.serving.cert, p.serving.cert, "serving cert is re-issued for a new SAN");
    assert.equal(new X509Certificate(more.serving.cert).checkIP("192.0.2.7"), "192.0.2.7");
    assert.equal(await readFile(join(dir, "server/tls/server-ca.crt"), "utf8"), p.ca.cert);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("issueCertificate puts groups in O and escapes special characters in names", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-pki-"));
  try {
    const p = await ensurePki(dir);
    const c = await issueCertificate(p.ca, {
      commonName: "alice",
      organizations: ["dev", "ops,team"],
      usage: "client",
    });
    const x = new X509Certificate(c.cert);
    assert.match(x.subject, /CN=alice/);
    assert.match(x.subject, /O=dev/);
    assert.ok(x.verify(new X509Certificate(p.ca.cert).publicKey));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("ensurePki issues the apiserver-kubelet-client cert; kubelet serving certs name the node", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-pki-"));
  try {
    const p = await ensurePki(dir);
    const ca = new X509Certificate(p.ca.cert);
    const kc = new X509Certificate(p.kubeletClient.cert);
    assert.ok(kc.verify(ca.publicKey));
    assert.match(kc.subject, /CN=kube-apiserver-kubelet-client/);
    assert.match(kc.subject, /O=system:masters/);
    assert.equal((await ensurePki(dir)).kubeletClient.cert, p.kubeletClient.cert, "reused");
    const serving = new X509Certificate(
      (await issueKubeletServingCertificate(p.ca, "node-a", ["10.0.0.5"])).cert,
    );
    assert.ok(serving.verify(ca.publicKey));
    assert.match(serving.subject, /CN=system:node:node-a/);
    assert.match(serving.subject, /O=system:nodes/);
    assert.equal(serving.checkIP("10.0.0.5"), "10.0.0.5");
    assert.equal(serving.checkHost("node-a"), "node-a");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
