import { test } from "node:test";
import assert from "node:assert/strict";
import { requestInfo } from "./info.js";

const pick = (i: ReturnType<typeof requestInfo>) => ({
  resource: i.isResourceRequest,
  verb: i.verb,
  group: i.apiGroup,
  version: i.apiVersion,
  ns: i.namespace,
  r: i.resource,
  name: i.name,
  sub: i.subresource,
});

test("resource requests as upstream's RequestInfoFactory reads them", () => {
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/namespaces/default/pods/web-0/log", false)), {
    resource: true,
    verb: "get",
    group: "",
    version: "v1",
    ns: "default",
    r: "pods",
    name: "web-0",
    sub: "log",
  });
  assert.deepEqual(pick(requestInfo("GET", "/apis/apps/v1/deployments", true)), {
    resource: true,
    verb: "watch",
    group: "apps",
    version: "v1",
    ns: "",
    r: "deployments",
    name: "",
    sub: "",
  });
  assert.deepEqual(
    pick(requestInfo("DELETE", "/api/v1/namespaces/x/configmaps", false)).verb,
    "deletecollection",
  );
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/namespaces/foo", false)), {
    resource: true,
    verb: "get",
    group: "",
    version: "v1",
    ns: "foo",
    r: "namespaces",
    name: "foo",
    sub: "",
  });
  assert.deepEqual(pick(requestInfo("PUT", "/api/v1/namespaces/foo/finalize", false)).sub, "finalize");
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/watch/namespaces/a/pods/p", false)).verb, "watch");
  assert.equal(requestInfo("GET", "/apis/apps/v1", false).isResourceRequest, false);
  assert.equal(requestInfo("GET", "/healthz", false).isResourceRequest, false);
  assert.equal(requestInfo("PATCH", "/apis/apps/v1/namespaces/d/deployments/x/scale", false).verb, "patch");
});
