import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { startHarness, type Harness } from "../testing/harness.js";

let h: Harness;
before(async () => {
  h = await startHarness({
    authorizationMode: "RBAC",
    serviceAccountTokens: {
      signingKey: generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey,
      maxExpirationSeconds: 7200,
    },
  });
  for (const [path, body] of [
    ["/api/v1/namespaces/default/serviceaccounts", { metadata: { name: "app" } }],
    ["/api/v1/namespaces/default/serviceaccounts", { metadata: { name: "other" } }],
    [
      "/api/v1/namespaces/default/pods",
      {
        metadata: { name: "web" },
        spec: { serviceAccountName: "app", containers: [{ name: "c", image: "nginx" }] },
      },
    ],
  ] as const) {
    const r = await h.req("POST", path, { body });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  await h.stop();
});

const tokenPath = (sa: string) => `/api/v1/namespaces/default/serviceaccounts/${sa}/token`;
const request = (spec: object) => ({ apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec });

test("TokenRequest defaults to an hour and the server's audiences, and caps at the maximum", async () => {
  const r = await h.req("POST", tokenPath("app"), { body: request({}) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, "TokenRequest");
  assert.equal(r.json.spec.expirationSeconds, 3600);
  assert.deepEqual(r.json.spec.audiences, ["https://kubernetes.default.svc.cluster.local"]);
  const exp = Date.parse(r.json.status.expirationTimestamp);
  assert.ok(Math.abs(exp - Date.now() - 3600_000) < 60_000);
  const who = await h.req("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
    token: r.json.status.token,
    body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
  });
  assert.equal(who.status, 201, who.text);
  assert.equal(who.json.status.userInfo.username, "system:serviceaccount:default:app");
  const capped = await h.req("POST", tokenPath("app"), { body: request({ expirationSeconds: 86400 }) });
  assert.equal(capped.json.spec.expirationSeconds, 7200);
  assert.equal(
    capped.headers.warning,
    '299 - "requested expiration of 86400 seconds shortened to 7200 seconds"',
  );
});

test("TokenRequest validation and binding errors use upstream's words", async () => {
  const short = await h.req("POST", tokenPath("app"), { body: request({ expirationSeconds: 60 }) });
  assert.equal(short.status, 422);
  assert.equal(
    short.json.message,
    'TokenRequest.authentication.k8s.io "app" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
  );
  const missing = await h.req("POST", tokenPath("ghost"), { body: request({}) });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, 'serviceaccounts "ghost" not found');
  const wrongSa = await h.req("POST", tokenPath("other"), {
    body: request({ boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "web" } }),
  });
  assert.equal(wrongSa.status, 400);
  assert.equal(
    wrongSa.json.message,
    'cannot bind token for serviceaccount "other" to pod running with different serviceaccount name.',
  );
  const wrongUid = await h.req("POST", tokenPath("app"), {
    body: request({ boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "web", uid: "nope" } }),
  });
  assert.equal(wrongUid.status, 409);
});

test("a pod-bound token is refused with 401 once the pod is deleted", async () => {
  const r = await h.req("POST", tokenPath("app"), {
    body: request({ boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "web" } }),
  });
  assert.equal(r.status, 201, r.text);
  const token = r.json.status.token as string;
  const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  assert.equal(payload["kubernetes.io"].pod.name, "web");
  assert.equal((await h.req("GET", "/api", { token })).status, 200);
  const del = await h.req("DELETE", "/api/v1/namespaces/default/pods/web?gracePeriodSeconds=0");
  assert.ok(del.status === 200 || del.status === 202, del.text);
  let status = 200;
  for (let i = 0; i < 50 && status === 200; i++) {
    status = (await h.req("GET", "/api", { token })).status;
    if (status === 200) await new Promise((ok) => setTimeout(ok, 20));
  }
  assert.equal(status, 401);
});

test("impersonation runs the request as the impersonated user once `impersonate` allows it", async () => {
  const as = await h.req("GET", "/api/v1/namespaces/default/pods", {
    headers: { "impersonate-user": "system:serviceaccount:default:app" },
  });
  assert.equal(as.status, 403);
  assert.equal(
    as.json.message,
    'pods is forbidden: User "system:serviceaccount:default:app" cannot list resource "pods" in API group "" in the namespace "default"',
  );
  const denied = await h.req("GET", "/api/v1/namespaces/default/pods", {
    token: "user-carol",
    headers: { "impersonate-user": "admin", "impersonate-group": "system:masters" },
  });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.json.message,
    'users "admin" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
  const groupOnly = await h.req("GET", "/api", { headers: { "impersonate-group": "x" } });
  assert.equal(groupOnly.status, 400);
  assert.equal(groupOnly.json.message, "requested [{Group  x    }] without impersonating a user");
});
