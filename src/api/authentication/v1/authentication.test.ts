import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { SelfSubjectReview, TokenRequest, TokenReview } from "./types.js";
import { resources } from "./index.js";
import { serviceAccountTokenSubresource } from "./tokenrequest.js";

FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

test("discovery: create-only, cluster-scoped reviews", () => {
  assert.deepEqual(
    resources.map((r) => [r.plural, r.kind, r.namespaced, r.verbs]),
    [
      ["selfsubjectreviews", "SelfSubjectReview", false, ["create"]],
      ["tokenreviews", "TokenReview", false, ["create"]],
    ],
  );
  assert.deepEqual(serviceAccountTokenSubresource, {
    name: "token",
    kind: "TokenRequest",
    group: "authentication.k8s.io",
    version: "v1",
    verbs: ["create"],
  });
});

test("what kubectl sends and gets back", () => {
  // kubectl auth whoami: an empty review; the answer fills status.userInfo.
  const whoami = { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview", metadata: {} };
  assert.equal(Value.Check(SelfSubjectReview, whoami), true);
  const answer = {
    ...whoami,
    metadata: { creationTimestamp: "2024-01-01T00:00:00Z" },
    status: {
      userInfo: {
        username: "system:admin",
        groups: ["system:masters", "system:authenticated"],
        extra: { "authentication.kubernetes.io/credential-id": ["X509SHA256=abc"] },
      },
    },
  };
  assert.deepEqual(
    [...Value.Errors(SelfSubjectReview, answer)].map((e) => e.path),
    [],
  );

  // kubectl create token default --duration=10m --audience=api
  const tr = {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    metadata: { name: "default", namespace: "default" },
    spec: {
      audiences: ["api"],
      expirationSeconds: 600,
      boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "p", uid: "u" },
    },
    status: { token: "eyJ...", expirationTimestamp: "2024-01-01T00:10:00Z" },
  };
  assert.deepEqual(
    [...Value.Errors(TokenRequest, tr)].map((e) => e.path),
    [],
  );
  assert.equal(Value.Check(TokenReview, { spec: { token: "t", audiences: ["a"] }, metadata: {} }), true);
  assert.equal(Value.Check(TokenReview, { spec: { token: "t", audience: "a" } }), false, "unknown field");
});

test("ExtraValue is a list in JSON and a wrapped message on the wire", () => {
  const extra = (SelfSubjectReview.properties.status as any).properties.userInfo.properties.extra;
  const value = extra.additionalProperties ?? Object.values(extra.patternProperties ?? {})[0];
  assert.equal(value.type, "array");
  assert.deepEqual(value["x-proto-wrapped"], { items: 1 });
});
