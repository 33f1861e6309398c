import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, createHmac } from "node:crypto";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { ServiceAccountTokens, serviceAccountUser, type ObjectGetter } from "./serviceaccount.js";
import { verifyJwt } from "./jwt.js";

const key = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
const obj = (uid: string, extra: object = {}): KubeObject => ({ metadata: { uid }, ...extra });

function world() {
  const objects = new Map<string, KubeObject>([
    ["serviceaccounts/dev/reader", obj("sa-1")],
    ["pods/dev/web", obj("pod-1")],
  ]);
  const get: ObjectGetter = (r, ns, name) => objects.get(`${r}/${ns}/${name}`);
  return { objects, get };
}
const sa = { namespace: "dev", name: "reader", uid: "sa-1" };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

test("a token names the ServiceAccount, its groups and the bound pod, with upstream's claims", () => {
  const tokens = new ServiceAccountTokens({ signingKey: key() });
  const { get } = world();
  const { token, claims } = tokens.issue(sa, tokens.audiences, 3600, { pod: { name: "web", uid: "pod-1" } });
  assert.equal(claims.iss, "https://kubernetes.default.svc.cluster.local");
  assert.deepEqual(claims.aud, ["https://kubernetes.default.svc.cluster.local"]);
  assert.equal(claims.sub, "system:serviceaccount:dev:reader");
  assert.equal(claims.exp - claims.iat, 3600);
  const header = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()) as {
    alg: string;
    kid: string;
  };
  assert.equal(header.alg, "ES256");
  assert.match(header.kid, /^[\w-]{43}$/);
  const u = serviceAccountUser(tokens, get, token);
  assert.deepEqual(u && { username: u.username, uid: u.uid, groups: u.groups }, {
    username: "system:serviceaccount:dev:reader",
    uid: "sa-1",
    groups: ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"],
  });
  assert.deepEqual(u?.extra?.["authentication.kubernetes.io/pod-name"], ["web"]);
});

test("forged, altered, expired, foreign-audience and unbound tokens are refused", () => {
  const tokens = new ServiceAccountTokens({ signingKey: key() });
  const { objects, get } = world();
  const { token, claims } = tokens.issue(sa, tokens.audiences, 3600, { pod: { name: "web", uid: "pod-1" } });
  const [h, p, s] = token.split(".");
  // alg: none
  assert.equal(serviceAccountUser(tokens, get, `${b64({ alg: "none" })}.${p}.`), null);
  // HS256 with the public key as secret (algorithm confusion)
  const hs = `${b64({ alg: "HS256" })}.${p}`;
  assert.equal(
    serviceAccountUser(tokens, get, `${hs}.${createHmac("sha256", "x").update(hs).digest("base64url")}`),
    null,
  );
  // changed claims under the old signature
  assert.equal(
    serviceAccountUser(
      tokens,
      get,
      `${h}.${b64({ ...claims, sub: "system:serviceaccount:kube-system:admin" })}.${s}`,
    ),
    null,
  );
  // another key's signature
  const other = new ServiceAccountTokens({ signingKey: key() });
  assert.equal(serviceAccountUser(tokens, get, other.issue(sa, tokens.audiences, 3600, {}).token), null);
  // wrong audience, expired
  assert.equal(serviceAccountUser(tokens, get, tokens.issue(sa, ["vault"], 3600, {}).token), null);
  const old = tokens.issue(sa, tokens.audiences, 600, {}, Date.now() - 3_600_000).token;
  assert.equal(serviceAccountUser(tokens, get, old), null);
  // garbage
  for (const junk of ["", "a.b", "a.b.c", "....", "e30.e30.", "x".repeat(20_000), `${h}.${p}.${s}x`])
    assert.equal(serviceAccountUser(tokens, get, junk), null, junk.slice(0, 20));
  assert.equal(verifyJwt(`${h}.${p}`, []), undefined);
  // the pod goes away: the pod-bound token is dead; an unbound one lives while the ServiceAccount does
  const unbound = tokens.issue(sa, tokens.audiences, 3600, {}).token;
  objects.delete("pods/dev/web");
  assert.equal(serviceAccountUser(tokens, get, token), null);
  assert.ok(serviceAccountUser(tokens, get, unbound));
  // a ServiceAccount re-created under the same name has another UID
  objects.set("serviceaccounts/dev/reader", obj("sa-2"));
  assert.equal(serviceAccountUser(tokens, get, unbound), null);
});

test("fuzz: mutated and random tokens never throw and never authenticate", () => {
  const tokens = new ServiceAccountTokens({ signingKey: key() });
  const { get } = world();
  const good = tokens.issue(sa, tokens.audiences, 3600, {}).token;
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u0000é";
  for (let i = 0; i < 3000; i++) {
    const chars = [...good];
    const edits = 1 + Math.floor(rnd() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * chars.length);
      const op = rnd();
      if (op < 0.4) chars[at] = alphabet[Math.floor(rnd() * alphabet.length)];
      else if (op < 0.7) chars.splice(at, 1);
      else chars.splice(at, 0, alphabet[Math.floor(rnd() * alphabet.length)]);
    }
    const t = chars.join("");
    const u = serviceAccountUser(tokens, get, t);
    // base64url decoding ignores nothing that matters: only the untouched token may pass
    if (u)
      assert.equal(
        Buffer.from(t.split(".")[2] ?? "", "base64url").equals(Buffer.from(good.split(".")[2], "base64url")),
        true,
      );
  }
  for (let i = 0; i < 500; i++) {
    const len = Math.floor(rnd() * 300);
    const t = Array.from({ length: len }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
    assert.equal(serviceAccountUser(tokens, get, t), null);
  }
});
