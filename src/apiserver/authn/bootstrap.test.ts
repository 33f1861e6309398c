import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { bootstrapTokenUser, parseBootstrapToken } from "./bootstrap.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (data: Record<string, string>, extra: Partial<KubeObject> & { type?: string } = {}) =>
  ({
    metadata: { name: "bootstrap-token-abcdef", namespace: "kube-system" },
    type: "bootstrap.kubernetes.io/token",
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
    ...extra,
  }) as KubeObject;
const good = {
  "token-id": "abcdef",
  "token-secret": "0123456789abcdef",
  "usage-bootstrap-authentication": "true",
};
const now = Date.parse("2030-01-01T00:00:00Z");
const user = (token: string, s: KubeObject | undefined) => bootstrapTokenUser(token, () => s, now);

test("token format", () => {
  assert.deepEqual(parseBootstrapToken("abcdef.0123456789abcdef"), {
    id: "abcdef",
    secret: "0123456789abcdef",
  });
  for (const bad of [
    "ABCDEF.0123456789abcdef",
    "abcdef.0123456789abcde",
    "abcdef0123456789abcdef",
    "",
    "a.b",
    "eyJ.x.y",
  ])
    assert.equal(parseBootstrapToken(bad), undefined, bad);
});

test("a valid token is system:bootstrap:<id> in system:bootstrappers and its extra groups", () => {
  assert.deepEqual(
    user("abcdef.0123456789abcdef", secret({ ...good, "auth-extra-groups": "system:bootstrappers:worker" })),
    {
      username: "system:bootstrap:abcdef",
      groups: ["system:bootstrappers", "system:bootstrappers:worker"],
    },
  );
});

test("refused: wrong secret, expired, not for authentication, bad group, wrong type, deleted, missing", () => {
  const t = "abcdef.0123456789abcdef";
  assert.equal(user("abcdef.0123456789abcdee", secret(good)), null);
  assert.equal(user(t, secret({ ...good, expiration: "2029-12-31T23:59:59Z" })), null);
  assert.ok(user(t, secret({ ...good, expiration: "2030-01-01T00:00:01Z" })));
  assert.equal(user(t, secret({ ...good, expiration: "soon" })), null);
  assert.equal(user(t, secret({ ...good, "usage-bootstrap-authentication": "false" })), null);
  assert.equal(user(t, secret({ ...good, "auth-extra-groups": "system:masters" })), null);
  assert.equal(user(t, secret(good, { type: "Opaque" })), null);
  assert.equal(
    user(t, secret(good, { metadata: { name: "x", deletionTimestamp: "2029-01-01T00:00:00Z" } })),
    null,
  );
  assert.equal(user(t, secret({ ...good, "token-id": "zzzzzz" })), null);
  assert.equal(user(t, undefined), null);
});
