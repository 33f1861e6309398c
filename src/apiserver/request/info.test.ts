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

test("a list or watch whose fieldSelector pins metadata.name carries that name, as upstream", () => {
  const cms = "/api/v1/namespaces/default/configmaps";
  const named = (watch: boolean, fieldSelector?: string) => {
    const i = requestInfo("GET", cms, watch, fieldSelector);
    return { verb: i.verb, name: i.name };
  };
  assert.deepEqual(named(false, "metadata.name=x"), { verb: "list", name: "x" });
  assert.deepEqual(named(true, "metadata.name=x"), { verb: "watch", name: "x" });
  assert.deepEqual(named(false, "metadata.name==x"), { verb: "list", name: "x" });
  // RequiresExactMatch of an andTerm: any of its terms
  assert.deepEqual(named(true, "metadata.namespace=default,metadata.name=x"), { verb: "watch", name: "x" });
  for (const fs of [
    undefined,
    "",
    "metadata.name!=x",
    "metadata.namespace=x",
    "metadata.name", // does not parse
    "metadata.name=.",
    "metadata.name=..",
    "metadata.name=a/b",
    "metadata.name=a%b",
  ])
    assert.deepEqual(named(false, fs), { verb: "list", name: "" }, String(fs));
  // only a list or watch: a get keeps its path's name, and the legacy /watch/ and deletecollection ignore it
  assert.equal(requestInfo("GET", `${cms}/y`, false, "metadata.name=x").name, "y");
  const legacy = requestInfo("GET", "/api/v1/watch/namespaces/default/configmaps", false, "metadata.name=x");
  assert.deepEqual([legacy.verb, legacy.name], ["watch", ""]);
  const dc = requestInfo("DELETE", cms, false, "metadata.name=x");
  assert.deepEqual([dc.verb, dc.name], ["deletecollection", ""]);
});
