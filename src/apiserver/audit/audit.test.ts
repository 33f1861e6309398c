import { test } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "../testing/harness.js";
import { Auditor, type AuditEvent } from "./audit.js";
import { evaluatePolicy, parsePolicy, type RequestAttributes } from "./policy.js";

const policyText = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/version"]
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["configmaps"]
  - level: Request
    verbs: ["create"]
    namespaces: ["dev"]
  - level: None
    users: ["quiet"]
  - level: Metadata
`;

const attrs = (a: Partial<RequestAttributes>): RequestAttributes => ({
  user: { username: "alice", groups: ["system:authenticated"] },
  verb: "get",
  resourceRequest: true,
  path: "/api/v1/namespaces/dev/pods",
  apiGroup: "",
  resource: "pods",
  subresource: "",
  namespace: "dev",
  name: "",
  ...a,
});

test("policy: the first matching rule gives the level", () => {
  const p = parsePolicy(policyText);
  const level = (a: Partial<RequestAttributes>) => evaluatePolicy(p, attrs(a)).level;
  assert.equal(level({ resourceRequest: false, path: "/healthz/ready", verb: "get" }), "None");
  assert.equal(level({ resourceRequest: false, path: "/openapi/v2" }), "Metadata");
  assert.equal(level({ resource: "configmaps" }), "RequestResponse");
  assert.equal(level({ verb: "create" }), "Request");
  assert.equal(level({ verb: "create", namespace: "other" }), "Metadata");
  assert.equal(level({ user: { username: "quiet", groups: [] } }), "None");
  assert.deepEqual(evaluatePolicy(p, attrs({})).omitStages, ["RequestReceived"]);
  const sub = parsePolicy(
    "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n  resources: [{resources: ['pods/*']}]\n",
  );
  assert.equal(evaluatePolicy(sub, attrs({ subresource: "log" })).level, "Metadata");
  assert.equal(evaluatePolicy(sub, attrs({})).level, "None");
  assert.throws(
    () => parsePolicy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n"),
    /level/,
  );
  assert.throws(
    () => parsePolicy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n"),
    /at least one rule/,
  );
});

test("the API server writes events for allowed, denied and unauthenticated requests", async () => {
  const lines: string[] = [];
  const h = await startHarness({
    authorizationMode: "RBAC",
    auditor: new Auditor(parsePolicy(policyText.replace("omitStages: [RequestReceived]\n", "")), (l) =>
      lines.push(l),
    ),
  });
  try {
    assert.equal(
      (await h.req("POST", "/api/v1/namespaces", { body: { metadata: { name: "dev" } } })).status,
      201,
    );
    const cm = await h.req("POST", "/api/v1/namespaces/dev/configmaps", {
      body: { metadata: { name: "c" }, data: { k: "v" } },
    });
    assert.equal(cm.status, 201);
    const denied = await h.req("GET", "/api/v1/namespaces/dev/secrets", { token: "user-mallory" });
    assert.equal(denied.status, 403);
    assert.equal((await h.req("GET", "/api/v1/pods", { token: "nonsense" })).status, 401);
    assert.equal((await h.req("GET", "/version", { token: "user-mallory" })).status, 200);
    const w = await h.watch("/api/v1/namespaces/dev/configmaps?watch=true&timeoutSeconds=1");
    assert.equal(w.status, 200);
    await w.ended;
    const events = lines.map((l) => JSON.parse(l) as AuditEvent);
    const complete = events.filter((e) => e.stage === "ResponseComplete");
    assert.ok(events.some((e) => e.stage === "RequestReceived"));
    const watchStages = events.filter((e) => e.verb === "watch").map((e) => e.stage);
    assert.deepEqual(watchStages, ["RequestReceived", "ResponseStarted", "ResponseComplete"]);
    // no event for /version (level None)
    assert.ok(!events.some((e) => e.requestURI === "/version"));

    const create = complete.find((e) => e.objectRef?.resource === "configmaps")!;
    assert.equal(create.level, "RequestResponse");
    assert.equal(create.verb, "create");
    assert.equal(create.user.username, "admin");
    assert.deepEqual(create.objectRef, { resource: "configmaps", namespace: "dev", apiVersion: "v1" });
    assert.deepEqual(create.responseStatus, { metadata: {}, code: 201 });
    assert.deepEqual((create.requestObject as any).data, { k: "v" });
    assert.equal((create.responseObject as any).metadata.name, "c");
    assert.equal(create.annotations?.["authorization.k8s.io/decision"], "allow");
    assert.match(create.requestReceivedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(create.auditID, cm.headers["audit-id"]);
    assert.deepEqual(create.sourceIPs, ["127.0.0.1"]);

    const forbid = complete.find((e) => e.objectRef?.resource === "secrets")!;
    assert.equal(forbid.level, "Metadata");
    assert.equal(forbid.user.username, "mallory");
    assert.equal(forbid.responseStatus?.code, 403);
    assert.equal(forbid.responseStatus?.reason, "Forbidden");
    assert.equal(forbid.annotations?.["authorization.k8s.io/decision"], "forbid");
    assert.equal(forbid.requestObject, undefined);

    const unauth = complete.find((e) => e.responseStatus?.code === 401)!;
    assert.equal(unauth.requestURI, "/api/v1/pods");
    assert.deepEqual(unauth.user, {});
  } finally {
    await h.stop();
  }
});
