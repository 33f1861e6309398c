import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:tls";
import type { AddressInfo } from "node:net";
import { generateCa, issueCertificate } from "../apiserver/pki/pki.js";
import { discoverCA, formatJoinToken, parseJoinToken } from "./join.js";

test("a join token pins the CA and carries the secret", async () => {
  const ca = await generateCa("test-ca");
  const t = formatJoinToken(ca.cert, "s3cret");
  assert.match(t, /^K10[0-9a-f]{64}::s3cret$/);
  assert.deepEqual(parseJoinToken(t), { caHash: t.slice(3, 67), secret: "s3cret" });
  assert.deepEqual(parseJoinToken("plain"), { secret: "plain" });
});

test("an agent trusts the server's CA only when it is the one the token pins", async () => {
  const ca = await generateCa("cluster-ca");
  const other = await generateCa("another-ca");
  const serving = await issueCertificate(ca, {
    commonName: "kube-apiserver",
    ips: ["127.0.0.1"],
    usage: "server",
  });
  const srv = createServer({ cert: serving.cert + ca.cert, key: serving.key }, (s) => s.end());
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  try {
    assert.equal(await discoverCA(url, parseJoinToken(formatJoinToken(ca.cert, "x"))), ca.cert);
    await assert.rejects(
      discoverCA(url, parseJoinToken(formatJoinToken(other.cert, "x"))),
      /does not present the CA/,
    );
    await assert.rejects(discoverCA(url, parseJoinToken("no-pin")), /does not pin/);
  } finally {
    srv.close();
  }
});
