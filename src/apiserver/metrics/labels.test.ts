import { test } from "node:test";
import assert from "node:assert/strict";
import {
  dryRunLabel,
  isLongRunning,
  isReadOnly,
  recordsResponseSize,
  reportedVerb,
  resourceScope,
  type VerbInput,
} from "./labels.js";

const base: VerbInput = {
  method: "GET",
  scope: "resource",
  legacyWatch: false,
  watch: null,
  contentType: undefined,
  subresource: "",
};

test("reportedVerb: upstream's CanonicalVerb and CleanVerb", () => {
  const cases: [string, Partial<VerbInput>, string][] = [
    ["GET of one object", {}, "GET"],
    ["HEAD of one object", { method: "HEAD" }, "GET"],
    ["GET of a namespace's collection", { scope: "namespace" }, "LIST"],
    ["GET across namespaces", { scope: "cluster" }, "LIST"],
    ["GET of a non-resource path", { scope: "" }, "GET"],
    ["watch=true", { scope: "namespace", watch: "true" }, "WATCH"],
    ["watch=1", { scope: "namespace", watch: "1" }, "WATCH"],
    ["watch= (empty is not false)", { scope: "namespace", watch: "" }, "WATCH"],
    ["watch=false", { scope: "namespace", watch: "false" }, "LIST"],
    ["watch=0", { scope: "namespace", watch: "0" }, "LIST"],
    ["watch=FALSE", { scope: "namespace", watch: "FALSE" }, "LIST"],
    ["legacy /watch/ path", { scope: "namespace", legacyWatch: true }, "WATCH"],
    ["create", { method: "POST" }, "POST"],
    ["update", { method: "PUT" }, "PUT"],
    ["delete", { method: "DELETE" }, "DELETE"],
    ["deletecollection", { method: "DELETE", scope: "namespace" }, "DELETE"],
    ["merge patch", { method: "PATCH", contentType: "application/merge-patch+json" }, "PATCH"],
    ["server-side apply", { method: "PATCH", contentType: "application/apply-patch+yaml" }, "APPLY"],
    [
      "apply with a parameter",
      { method: "PATCH", contentType: "application/apply-patch+yaml; x=y" },
      "PATCH",
    ],
    ["pods/log", { subresource: "log" }, "CONNECT"],
    ["pods/exec over POST", { method: "POST", subresource: "exec" }, "CONNECT"],
    ["pods/portforward", { subresource: "portforward" }, "CONNECT"],
    ["nodes/proxy", { method: "PUT", subresource: "proxy" }, "CONNECT"],
    ["status is not a stream", { method: "PUT", subresource: "status" }, "PUT"],
    ["an unknown method", { method: "OPTIONS" }, "other"],
    ["a lower-case method", { method: "post" }, "POST"],
  ];
  for (const [name, input, want] of cases) assert.equal(reportedVerb({ ...base, ...input }), want, name);
});

test("resourceScope: the installer's scope of the route", () => {
  assert.equal(resourceScope("GET", true, true), "resource");
  assert.equal(resourceScope("GET", true, false), "resource"); // a node, a namespace
  assert.equal(resourceScope("POST", false, true), "resource"); // create
  assert.equal(resourceScope("GET", false, true), "namespace");
  assert.equal(resourceScope("DELETE", false, true), "namespace"); // deletecollection
  assert.equal(resourceScope("GET", false, false), "cluster");
});

test("dryRunLabel: empty, All, or invalid", () => {
  assert.equal(dryRunLabel(new URLSearchParams("")), "");
  assert.equal(dryRunLabel(new URLSearchParams("dryRun=All")), "All");
  assert.equal(dryRunLabel(new URLSearchParams("dryRun=All&dryRun=All")), "All");
  assert.equal(dryRunLabel(new URLSearchParams("dryRun=all")), "invalid");
  assert.equal(dryRunLabel(new URLSearchParams("dryRun=")), "invalid");
  assert.equal(dryRunLabel(new URLSearchParams("dryRun=All&dryRun=Server")), "invalid");
});

test("long-running, read-only and response-size routes", () => {
  assert.ok(isLongRunning("watch", ""));
  assert.ok(isLongRunning("get", "log"));
  assert.ok(isLongRunning("create", "exec"));
  assert.ok(!isLongRunning("list", ""));
  assert.ok(!isLongRunning("update", "status"));
  assert.ok(isReadOnly("get") && isReadOnly("list") && isReadOnly("watch"));
  assert.ok(!isReadOnly("create") && !isReadOnly("head") && !isReadOnly("deletecollection"));
  assert.ok(recordsResponseSize("get", false, ""));
  assert.ok(recordsResponseSize("get", false, "log"));
  assert.ok(recordsResponseSize("get", false, "status"));
  assert.ok(!recordsResponseSize("get", false, "exec"));
  assert.ok(recordsResponseSize("list", false, ""));
  assert.ok(recordsResponseSize("watch", false, ""));
  assert.ok(!recordsResponseSize("watch", true, ""));
  assert.ok(!recordsResponseSize("create", false, ""));
});
