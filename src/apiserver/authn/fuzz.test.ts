// Bad credentials through the real API server: malformed, truncated, mutated and forged bearer tokens
// (ServiceAccount JWTs signed with another key, with alg "none", for another audience, expired; bootstrap
// tokens with a wrong secret), impersonation without rights and oversized headers are answered 401/403 (431 for
// a header over Node's limit): never a 5xx, never a crash, and the server keeps serving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { startHarness } from "../testing/harness.js";
import { ServiceAccountTokens } from "./serviceaccount.js";

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

test("fuzzed and forged credentials get 401/403, never 5xx", async () => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const h = await startHarness({
    authorizationMode: "RBAC",
    serviceAccountTokens: { signingKey: privateKey },
  });
  try {
    assert.equal(
      (
        await h.req("POST", "/api/v1/namespaces/default/serviceaccounts", {
          body: { metadata: { name: "fz" } },
        })
      ).status,
      201,
    );
    const tr = await h.req("POST", "/api/v1/namespaces/default/serviceaccounts/fz/token", {
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} },
    });
    assert.equal(tr.status, 201);
    const valid = tr.json.status.token as string;
    const sa = await h.req("GET", "/api/v1/namespaces/default/serviceaccounts/fz");
    const ref = { namespace: "default", name: "fz", uid: sa.json.metadata.uid as string };
    // the valid token works (403 on secrets: authenticated, not authorized)
    assert.equal((await h.req("GET", "/api/v1/namespaces/default/secrets", { token: valid })).status, 403);

    const same = new ServiceAccountTokens({ signingKey: privateKey });
    const other = new ServiceAccountTokens({
      signingKey: generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey,
    });
    const [head, payload] = valid.split(".");
    const forged = [
      other.issue(ref, [same.issuer], 3600, {}).token, // another key
      same.issue(ref, ["https://elsewhere"], 3600, {}).token, // another audience
      same.issue(ref, [same.issuer], 600, {}, Date.now() - 2 * 3600_000).token, // expired
      same.issue({ ...ref, uid: "not-the-uid" }, [same.issuer], 3600, {}).token, // a deleted-and-recreated SA
      same.issue(ref, [same.issuer], 3600, { pod: { name: "gone", uid: "x" } }).token, // bound to a missing pod
      `${b64url({ alg: "none", typ: "JWT" })}.${payload}.`, // alg none
      `${b64url({ alg: "HS256", typ: "JWT" })}.${payload}.${Buffer.from("sig").toString("base64url")}`,
      `${head}.${b64url({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "system:serviceaccount:kube-system:admin" })}.${valid.split(".")[2]}`,
      "abcdef.0123456789abcdef", // a bootstrap token that does not exist
      "",
      " ",
      ".",
      "..",
      "a.b.c",
      "eyJ",
      `${head}.${payload}`,
      valid + "x",
      valid.slice(0, -1),
    ];
    const random = rng(6);
    const mutate = (s: string) => {
      const i = Math.floor(random() * s.length);
      const c = String.fromCharCode(33 + Math.floor(random() * 94));
      return random() < 0.5 ? s.slice(0, i) + c + s.slice(i + 1) : s.slice(0, i);
    };
    for (let i = 0; i < 300; i++) forged.push(mutate(valid));
    for (let i = 0; i < 100; i++)
      forged.push(
        Array.from({ length: Math.floor(random() * 200) }, () =>
          String.fromCharCode(33 + Math.floor(random() * 94)),
        ).join(""),
      );
    for (const token of forged) {
      if (token === valid) continue;
      const r = await h.req("GET", "/api/v1/namespaces/default/pods", {
        headers: { authorization: `Bearer ${token}` },
        token: null,
      });
      assert.equal(
        r.status,
        401,
        `token ${JSON.stringify(token.slice(0, 80))}: ${r.status} ${r.text.slice(0, 200)}`,
      );
      assert.equal(r.json?.reason, "Unauthorized");
    }
    for (const authorization of [
      "Basic YWRtaW46YWRtaW4=",
      "Bearer",
      "Bearer a b",
      "bearer\tx",
      "x".repeat(8000),
    ]) {
      const r = await h.req("GET", "/api/v1/pods", { headers: { authorization }, token: null });
      assert.equal(r.status, 401, authorization.slice(0, 40));
    }
    // impersonation without the impersonate verb: 403, whatever is asked for
    const impersonations: Record<string, string>[] = [
      { "impersonate-user": "system:admin" },
      { "impersonate-user": "x", "impersonate-group": "system:masters" },
      { "impersonate-uid": "1" },
      { "impersonate-extra-scopes": "all" },
    ];
    for (const headers of impersonations) {
      const r = await h.req("GET", "/api/v1/pods", { headers, token: valid });
      assert.ok(r.status === 403 || r.status === 400, `${JSON.stringify(headers)}: ${r.status}`);
    }
    // a header over Node's limit is refused by the HTTP parser
    const big = await h
      .req("GET", "/api/v1/pods", { headers: { authorization: `Bearer ${"a".repeat(70_000)}` }, token: null })
      .catch(() => ({ status: 431 }));
    assert.equal(big.status, 431);
    // and the server still serves
    assert.equal((await h.req("GET", "/api/v1/namespaces/default/pods", { token: valid })).status, 403);
    assert.equal((await h.req("GET", "/api/v1/namespaces")).status, 200);
  } finally {
    await h.stop();
  }
});
