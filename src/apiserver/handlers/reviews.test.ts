import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, adminToken, type Harness } from "../testing/harness.js";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

test("SelfSubjectAccessReview answers with the authorizer's decision and stores nothing", async () => {
  const before = await h.store.revisions();
  const r = await h.req("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: {
        resourceAttributes: { namespace: "default", verb: "create", group: "apps", resource: "deployments" },
      },
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status.allowed, true);
  assert.deepEqual(await h.store.revisions(), before);
  assert.equal((await h.req("GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")).status, 405);
});

test("SelfSubjectReview returns the caller; TokenReview authenticates a token", async () => {
  const who = await h.req("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
  });
  assert.equal(who.status, 201, who.text);
  assert.equal(who.json.status.userInfo.username, "admin");
  const tr = await h.req("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: adminToken } },
  });
  assert.equal(tr.status, 201, tr.text);
  assert.equal(tr.json.status.authenticated, true);
  assert.equal(tr.json.status.user.username, "admin");
  const bad = await h.req("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: "nope" } },
  });
  assert.equal(bad.json.status.authenticated, undefined);
});

test("SelfSubjectRulesReview lists everything under the allow-all authorizer", async () => {
  const r = await h.req("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      spec: { namespace: "default" },
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.status.resourceRules, [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]);
  assert.equal(r.json.status.incomplete, false);
});
