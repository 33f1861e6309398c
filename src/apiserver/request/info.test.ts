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
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/namespaces/default/pods/web-0/log")), {
    resource: true,
    verb: "get",
    group: "",
    version: "v1",
    ns: "default",
    r: "pods",
    name: "web-0",
    sub: "log",
  });
  assert.deepEqual(pick(requestInfo("GET", "/apis/apps/v1/deployments", new URLSearchParams("watch=true"))), {
    resource: true,
    verb: "watch",
    group: "apps",
    version: "v1",
    ns: "",
    r: "deployments",
    name: "",
    sub: "",
  });
  assert.deepEqual(pick(requestInfo("DELETE", "/api/v1/namespaces/x/configmaps")).verb, "deletecollection");
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/namespaces/foo")), {
    resource: true,
    verb: "get",
    group: "",
    version: "v1",
    ns: "foo",
    r: "namespaces",
    name: "foo",
    sub: "",
  });
  assert.deepEqual(pick(requestInfo("PUT", "/api/v1/namespaces/foo/finalize")).sub, "finalize");
  assert.deepEqual(pick(requestInfo("GET", "/api/v1/watch/namespaces/a/pods/p")).verb, "watch");
  assert.equal(requestInfo("GET", "/apis/apps/v1").isResourceRequest, false);
  assert.equal(requestInfo("GET", "/healthz").isResourceRequest, false);
  assert.equal(requestInfo("PATCH", "/apis/apps/v1/namespaces/d/deployments/x/scale").verb, "patch");
});

test("a list or watch whose fieldSelector pins metadata.name carries that name, as upstream", () => {
  const cms = "/api/v1/namespaces/default/configmaps";
  const named = (watch: boolean, fieldSelector?: string) => {
    const q = new URLSearchParams(watch ? { watch: "true" } : {});
    if (fieldSelector !== undefined) q.set("fieldSelector", fieldSelector);
    const i = requestInfo("GET", cms, q);
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
  const pinned = new URLSearchParams("fieldSelector=metadata.name%3Dx");
  // only a list or watch: a get keeps its path's name, and the legacy /watch/ and deletecollection ignore it
  assert.equal(requestInfo("GET", `${cms}/y`, pinned).name, "y");
  const legacy = requestInfo("GET", "/api/v1/watch/namespaces/default/configmaps", pinned);
  assert.deepEqual([legacy.verb, legacy.name], ["watch", ""]);
  const dc = requestInfo("DELETE", cms, pinned);
  assert.deepEqual([dc.verb, dc.name], ["deletecollection", ""]);
});

test("the name comes from the fieldSelector only when every list option decodes, as upstream", () => {
  const cms = "/api/v1/namespaces/default/configmaps";
  const info = (query: string) => {
    const i = requestInfo("GET", cms, new URLSearchParams(`fieldSelector=metadata.name%3Dx&${query}`));
    return { verb: i.verb, name: i.name };
  };
  // ParameterCodec.DecodeParameters fails: the selector is ignored, the verb still follows watch
  for (const bad of [
    "limit=abc",
    "limit=",
    "limit=1.5",
    "limit=9223372036854775808",
    "timeoutSeconds=soon",
    "labelSelector=a%20in",
    "labelSelector=!!",
  ])
    assert.deepEqual(info(bad), { verb: "list", name: "" }, bad);
  assert.deepEqual(info("watch=true&limit=abc"), { verb: "watch", name: "" });
  // these decode: any string is a bool (anything but 0/false is true), a resourceVersion(Match), a continue
  for (const good of [
    "limit=500",
    "limit=-1",
    "limit=%2B2",
    "limit=9223372036854775807",
    "timeoutSeconds=0",
    "labelSelector=app%3Dweb",
    "resourceVersionMatch=Sometimes",
    "resourceVersion=abc",
    "allowWatchBookmarks=maybe",
    "sendInitialEvents=perhaps",
    "continue=%25",
  ])
    assert.deepEqual(info(good), { verb: "list", name: "x" }, good);
  for (const w of ["true", "notabool", "", "TRUE", "yes"])
    assert.deepEqual(info(`watch=${w}`), { verb: "watch", name: "x" }, w);
  for (const w of ["false", "FALSE", "0"])
    assert.deepEqual(info(`watch=${w}`), { verb: "list", name: "x" }, w);
});

test("a list, watch or deletecollection carries its raw fieldSelector for the authorizers", () => {
  const q = new URLSearchParams("fieldSelector=spec.nodeName%3Dn1&limit=abc");
  // kept even when the list options do not decode (upstream reads the parameter again)
  assert.equal(requestInfo("GET", "/api/v1/pods", q).fieldSelector, "spec.nodeName=n1");
  assert.equal(requestInfo("DELETE", "/api/v1/namespaces/d/pods", q).fieldSelector, "spec.nodeName=n1");
  assert.equal(requestInfo("GET", "/api/v1/namespaces/d/pods/p", q).fieldSelector, "");
  assert.equal(requestInfo("GET", "/api/v1/watch/pods", q).fieldSelector, "");
});
