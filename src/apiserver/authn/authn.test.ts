import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type Agent } from "node:https";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { ensurePki, issueCertificate } from "../pki/pki.js";
import { createAuthenticator, parseTokenFile } from "./index.js";

test("parseTokenFile reads upstream's CSV format and rejects bad lines", () => {
  const t = parseTokenFile('# comment\nabc123,alice,u-1,"dev,ops"\nxyz,bob,u-2\n');
  assert.deepEqual(t.get("abc123"), { username: "alice", uid: "u-1", groups: ["dev", "ops"] });
  assert.deepEqual(t.get("xyz"), { username: "bob", uid: "u-2", groups: [] });
  assert.throws(() => parseTokenFile("onlytoken\n"), /line 1/);
  assert.throws(() => parseTokenFile("a,b,c\na,d,e\n"), /line 2: duplicate token/);
});

test("authenticator accepts CA-signed client certificates and bearer tokens over TLS, and nothing else", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-authn-"));
  const pki = await ensurePki(dir);
  const authenticate = createAuthenticator({ tokens: parseTokenFile("s3cret,carol,u-3,team\n") });
  const server = createServer(
    {
      cert: pki.serving.cert,
      key: pki.serving.key,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const u = authenticate(req);
      res.writeHead(u ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(u));
    },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const get = (o: { cert?: string; key?: string; token?: string }) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/",
          ca: pki.ca.cert,
          cert: o.cert,
          key: o.key,
          agent: false as unknown as Agent,
          headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
        },
        (res) => {
          let s = "";
          res.on("data", (d) => (s += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(s) }));
        },
      );
      req.on("error", reject);
      req.end();
    });
  try {
    const admin = await get({ cert: pki.admin.cert, key: pki.admin.key });
    assert.equal(admin.status, 200);
    assert.deepEqual(admin.body, {
      username: "system:admin",
      groups: ["system:masters", "system:authenticated"],
    });
    const tok = await get({ token: "s3cret" });
    assert.deepEqual(tok.body, { username: "carol", uid: "u-3", groups: ["team", "system:authenticated"] });
    assert.equal((await get({ token: "wrong" })).status, 401);
    assert.equal((await get({})).status, 401);
    // A certificate from another CA is not trusted.
    const other = await ensurePki(join(dir, "other"));
    const foreign = await issueCertificate(other.ca, {
      commonName: "mallory",
      organizations: ["system:masters"],
      usage: "client",
    });
    assert.equal((await get({ cert: foreign.cert, key: foreign.key })).status, 401);
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
