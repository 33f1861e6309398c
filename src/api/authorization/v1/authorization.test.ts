import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import {
  LocalSubjectAccessReview,
  SelfSubjectAccessReview,
  SelfSubjectRulesReview,
  SubjectAccessReview,
} from "./types.js";
import { resources } from "./index.js";
import { subjectAccessReviews } from "./subjectaccessreview.js";
import { selfSubjectAccessReviews } from "./selfsubjectaccessreview.js";
import { localSubjectAccessReviews } from "./localsubjectaccessreview.js";
import { validateLocalReviewMetadata, validateReviewMetadataEmpty } from "./validation.js";

test("discovery: four create-only reviews, only the local one namespaced", () => {
  assert.deepEqual(
    resources.map((r) => [r.plural, r.namespaced, r.verbs]),
    [
      ["localsubjectaccessreviews", true, ["create"]],
      ["selfsubjectaccessreviews", false, ["create"]],
      ["selfsubjectrulesreviews", false, ["create"]],
      ["subjectaccessreviews", false, ["create"]],
    ],
  );
});

test("what kubectl auth can-i sends", () => {
  // kubectl auth can-i list pods --subresource=log -n default
  const ssar = {
    kind: "SelfSubjectAccessReview",
    apiVersion: "authorization.k8s.io/v1",
    metadata: {},
    spec: {
      resourceAttributes: { namespace: "default", verb: "list", resource: "pods", subresource: "log" },
    },
  };
  assert.equal(Value.Check(SelfSubjectAccessReview, ssar), true);
  // kubectl auth can-i --list
  const ssrr = {
    kind: "SelfSubjectRulesReview",
    apiVersion: "authorization.k8s.io/v1",
    metadata: {},
    spec: { namespace: "default" },
  };
  assert.equal(Value.Check(SelfSubjectRulesReview, ssrr), true);
  const answered = {
    ...ssrr,
    status: {
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    },
  };
  assert.equal(Value.Check(SelfSubjectRulesReview, answered), true);
  // A webhook-style SAR with selectors and extra.
  const sar = {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: {
      user: "jane",
      groups: ["devs"],
      extra: { scopes: ["a", "b"] },
      resourceAttributes: {
        verb: "list",
        resource: "pods",
        fieldSelector: { requirements: [{ key: "spec.nodeName", operator: "In", values: ["n1"] }] },
        labelSelector: { rawSelector: "app=web" },
      },
    },
  };
  assert.equal(Value.Check(SubjectAccessReview, sar), true);
  assert.equal(Value.Check(LocalSubjectAccessReview, { ...sar, spec: { ...sar.spec, verb: "get" } }), false);
});

test("spec validation", () => {
  assert.deepEqual(subjectAccessReviews.validate!({ metadata: {}, spec: {} } as any).map(errorString), [
    "spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified",
    'spec.user: Invalid value: "": at least one of user or group must be specified',
  ]);
  assert.deepEqual(
    selfSubjectAccessReviews.validate!({
      metadata: {},
      spec: { resourceAttributes: { verb: "get" }, nonResourceAttributes: { path: "/", verb: "get" } },
    } as any).map((e) => [e.field, e.detail]),
    [["spec.nonResourceAttributes", "cannot be specified in combination with resourceAttributes"]],
  );
  assert.deepEqual(
    localSubjectAccessReviews.validate!({
      metadata: { namespace: "a" },
      spec: { user: "u", resourceAttributes: { namespace: "b", verb: "get" } },
    } as any).map(errorString),
    ['spec.resourceAttributes.namespace: Invalid value: "b": must match metadata.namespace'],
  );
});

test("request metadata checks for the review handler", () => {
  assert.deepEqual(validateReviewMetadataEmpty({}), []);
  assert.equal(validateReviewMetadataEmpty({ name: "x" })[0].detail, "must be empty");
  assert.deepEqual(validateLocalReviewMetadata({ namespace: "a" }), []);
  assert.equal(
    validateLocalReviewMetadata({ namespace: "a", labels: {} })[0].detail,
    "must be empty except for namespace",
  );
});
