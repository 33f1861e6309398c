import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startHarness, configMap, type Harness } from "./testing/harness.js";
import { encodeKubeProtobuf } from "./protobuf/index.js";
import { ConfigMap } from "../api/core/v1/configmap.js";
import { DeleteOptions } from "../api/meta/v1/types.js";

let h: Harness;
before(async () => {
  h = await startHarness({
    authorizer: {
      authorize: (a) =>
        a.user.username === "bob" && a.resource === "secrets"
          ? { decision: "Deny", reason: "" }
          : { decision: "Allow", reason: "" },
    },
  });
});
after(async () => {
  await h.stop();
});

const cms = "/api/v1/namespaces/default/configmaps";

test("unauthenticated requests get 401, except the health and version endpoints", async () => {
  const r = await h.req("GET", cms, { token: null });
  assert.equal(r.status, 401);
  assert.deepEqual(r.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "Unauthorized",
    reason: "Unauthorized",
    code: 401,
  });
  for (const p of ["/healthz", "/livez", "/readyz"]) {
    const x = await h.req("GET", p, { token: null });
    assert.equal(x.status, 200);
    assert.equal(x.text, "ok");
  }
  const v = await h.req("GET", "/version", { token: null });
  assert.equal(v.json.gitVersion, "v1.32.0");
  assert.equal(v.json.major, "1");
  assert.equal(v.json.minor, "32");
  const verbose = await h.req("GET", "/readyz?verbose", { token: null });
  assert.match(verbose.text, /^\[\+\]ping ok\n[\s\S]*readyz check passed\n$/);
});

test("an authorizer's denial is upstream's 403 Forbidden", async () => {
  const r = await h.req("GET", "/api/v1/namespaces/default/secrets", { token: "user-bob" });
  assert.equal(r.status, 403);
  assert.equal(
    r.json.message,
    'secrets is forbidden: User "bob" cannot list resource "secrets" in API group "" in the namespace "default"',
  );
  assert.deepEqual(r.json.details, { kind: "secrets" });
  assert.equal((await h.req("GET", cms, { token: "user-bob" })).status, 200);
});

test("legacy discovery: APIVersions, APIGroupList, APIGroup, APIResourceList", async () => {
  const api = await h.req("GET", "/api");
  assert.equal(api.json.kind, "APIVersions");
  assert.deepEqual(api.json.versions, ["v1"]);
  assert.match(api.json.serverAddressByClientCIDRs[0].serverAddress, /^127\.0\.0\.1:\d+$/);
  const apis = await h.req("GET", "/apis");
  assert.equal(apis.json.kind, "APIGroupList");
  const apps = apis.json.groups.find((g: { name: string }) => g.name === "apps");
  assert.deepEqual(apps.preferredVersion, { groupVersion: "apps/v1", version: "v1" });
  const autoscaling = apis.json.groups.find((g: { name: string }) => g.name === "autoscaling");
  assert.deepEqual(
    autoscaling.versions.map((v: { version: string }) => v.version),
    ["v2", "v1"],
  );
  const group = await h.req("GET", "/apis/apps");
  assert.equal(group.json.kind, "APIGroup");
  const v1 = await h.req("GET", "/api/v1?timeout=32s");
  assert.equal(v1.json.kind, "APIResourceList");
  assert.equal(v1.json.groupVersion, "v1");
  const pods = v1.json.resources.find((r: { name: string }) => r.name === "pods");
  assert.equal(pods.kind, "Pod");
  assert.equal(pods.namespaced, true);
  assert.deepEqual(pods.shortNames, ["po"]);
  assert.deepEqual(pods.verbs, [
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
  ]);
  assert.ok(pods.storageVersionHash);
  assert.ok(v1.json.resources.some((r: { name: string }) => r.name === "pods/status"));
  const appsv1 = await h.req("GET", "/apis/apps/v1");
  const scale = appsv1.json.resources.find((r: { name: string }) => r.name === "deployments/scale");
  assert.deepEqual(scale, {
    name: "deployments/scale",
    singularName: "",
    namespaced: true,
    group: "autoscaling",
    version: "v1",
    kind: "Scale",
    verbs: ["get", "patch", "update"],
  });
});

test("aggregated discovery: v2 and v2beta1 chosen by Accept, with their Content-Type and an ETag", async () => {
  const accept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  const r = await h.req("GET", "/apis", { headers: { accept } });
  assert.equal(
    r.headers["content-type"],
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  );
  assert.equal(r.json.kind, "APIGroupDiscoveryList");
  assert.equal(r.json.apiVersion, "apidiscovery.k8s.io/v2");
  const apps = r.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === "apps");
  const deploy = apps.versions[0].resources.find((x: { resource: string }) => x.resource === "deployments");
  assert.deepEqual(deploy.responseKind, { group: "apps", version: "v1", kind: "Deployment" });
  assert.equal(deploy.scope, "Namespaced");
  assert.deepEqual(
    deploy.subresources.map((s: { subresource: string }) => s.subresource),
    ["scale", "status"],
  );
  assert.ok(r.headers.etag);
  const again = await h.req("GET", "/apis", {
    headers: { accept, "if-none-match": r.headers.etag },
  });
  assert.equal(again.status, 304);
  const beta = await h.req("GET", "/api", {
    headers: {
      accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
    },
  });
  assert.equal(
    beta.headers["content-type"],
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
  );
  assert.equal(beta.json.items[0].metadata.name, undefined, "the core group has no name");
  const plain = await h.req("GET", "/api", { headers: { accept: "application/json, */*" } });
  assert.equal(plain.json.kind, "APIVersions");
});

test("OpenAPI v3 root and documents are served", async () => {
  const root = await h.req("GET", "/openapi/v3");
  assert.equal(root.status, 200);
  assert.ok(root.json.paths["api/v1"].serverRelativeURL.startsWith("/openapi/v3/api/v1?hash="));
  const doc = await h.req("GET", root.json.paths["apis/apps/v1"].serverRelativeURL);
  assert.equal(doc.status, 200);
  assert.equal(doc.json.openapi, "3.0.0");
});

test("routing errors: unknown paths, resources, methods and verbs", async () => {
  const text = await h.req("GET", "/nope");
  assert.equal(text.status, 404);
  assert.equal(text.text, "404 page not found\n");
  const unknownGroup = await h.req("GET", "/apis/nope.example.com/v1/things");
  assert.equal(unknownGroup.status, 404);
  const unknownResource = await h.req("GET", "/api/v1/namespaces/default/widgets");
  assert.equal(unknownResource.status, 404);
  assert.deepEqual(unknownResource.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "the server could not find the requested resource",
    reason: "NotFound",
    details: {},
    code: 404,
  });
  const post = await h.req("POST", `${cms}/named`, { body: configMap("named") });
  assert.equal(post.status, 405);
  assert.equal(post.json.reason, "MethodNotAllowed");
  const verb = await h.req("DELETE", "/api/v1/namespaces");
  assert.equal(verb.status, 405);
  assert.equal(verb.json.message, 'deletecollection is not supported on resources of kind "namespaces"');
});

test("bad bodies get upstream's 4xx answers", async () => {
  const malformed = await h.req("POST", cms, { body: '{"apiVersion":"v1",' });
  assert.equal(malformed.status, 400);
  assert.equal(
    malformed.json.message,
    'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1",)',
  );
  const badChar = await h.req("POST", cms, { body: "{x}" });
  assert.match(
    badChar.json.message,
    /json parse error: invalid character 'x' looking for beginning of object key string \(\{x\}\)$/,
  );
  const array = await h.req("POST", cms, { body: "[]" });
  assert.equal(array.status, 400);
  assert.match(
    array.json.message,
    /json: cannot unmarshal array into Go value of type struct \{ APIVersion string/,
  );
  const yaml = await h.req("POST", cms, { body: "a: b: c\n", contentType: "application/yaml" });
  assert.equal(yaml.status, 400);
  assert.match(
    yaml.json.message,
    /^the object provided is unrecognized \(must be of type ConfigMap\): error converting YAML to JSON: yaml: line 1: mapping values are not allowed in this context \([0-9a-f]+\)$/,
  );
  const deep = await h.req("POST", cms, { body: "[".repeat(20000) + "]".repeat(20000) });
  assert.equal(deep.status, 400);
  assert.match(deep.json.message, /invalid character '\[' exceeded max depth/);
  const nestedOk = {
    ...configMap("nested"),
    metadata: { name: "nested", annotations: { a: "[".repeat(5000) } },
  };
  assert.equal((await h.req("POST", cms, { body: nestedOk })).status, 201);
  const huge = await h.req("POST", cms, { body: Buffer.alloc(3 * 1024 * 1024 + 1, 0x20) });
  assert.equal(huge.status, 413);
  assert.equal(huge.json.message, "Request entity too large: limit is 3145728");
  assert.equal(huge.json.reason, "RequestEntityTooLarge");
  const media = await h.req("POST", cms, { body: "x", contentType: "text/plain" });
  assert.equal(media.status, 415);
  assert.equal(
    media.json.message,
    "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
  );
  const wrongKind = await h.req("POST", cms, {
    body: { apiVersion: "v1", kind: "Secret", metadata: { name: "x" } },
  });
  assert.equal(wrongKind.status, 400);
  assert.equal(
    wrongKind.json.message,
    'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion',
  );
  const unknownKind = await h.req("POST", cms, {
    body: { apiVersion: "v1", kind: "Widget", metadata: { name: "x" } },
  });
  assert.match(
    unknownKind.json.message,
    /no kind "Widget" is registered for version "v1" in scheme "pkg\/api\/legacyscheme\/scheme.go:30"$/,
  );
  const wrongVersion = await h.req("POST", "/apis/apps/v1/namespaces/default/deployments", {
    body: { apiVersion: "v1", kind: "Deployment", metadata: { name: "x" } },
  });
  assert.equal(wrongVersion.status, 400);
  assert.equal(
    wrongVersion.json.message,
    "the API version in the data (v1) does not match the expected API version (apps/v1)",
  );
  const wrongType = await h.req("POST", cms, {
    body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: 5 } },
  });
  assert.equal(
    wrongType.json.message,
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string',
  );
  const list = await h.req("GET", cms);
  assert.ok(
    !list.json.items.some((i: { metadata: { name: string } }) => i.metadata.name === "x"),
    "nothing was stored",
  );
});

test("protobuf bodies are decoded (kubectl 1.32's typed clients)", async () => {
  const body = encodeKubeProtobuf(
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-pb" }, data: { a: "1" } },
    ConfigMap,
  );
  const r = await h.req("POST", cms, {
    body: Buffer.from(body),
    contentType: "application/vnd.kubernetes.protobuf",
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.data, { a: "1" });
  const del = encodeKubeProtobuf(
    { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 },
    DeleteOptions,
  );
  const d = await h.req("DELETE", `${cms}/from-pb`, {
    body: Buffer.from(del),
    contentType: "application/vnd.kubernetes.protobuf",
  });
  assert.equal(d.status, 200, d.text);
  const garbage = await h.req("POST", cms, {
    body: Buffer.from("k8s\u0000garbage"),
    contentType: "application/vnd.kubernetes.protobuf",
  });
  assert.equal(garbage.status, 400);
});

test("upgrade requests are answered with a Status, not a dropped connection", async () => {
  const port = Number(new URL(h.base).port);
  const reply = await new Promise<string>((resolve) => {
    const s = connect(port, "127.0.0.1", () => {
      s.write(
        "GET /api/v1/namespaces/default/pods/x/exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nAuthorization: Bearer admin-token\r\n\r\n",
      );
    });
    let data = "";
    s.on("data", (d) => (data += d.toString()));
    s.on("close", () => resolve(data));
  });
  assert.match(reply, /^HTTP\/1.1 404 Not Found\r\n/);
  assert.match(reply, /"reason":"NotFound"/);
});

test("routes exist only where upstream installs them", async () => {
  assert.equal((await h.req("POST", "/api/v1/pods", { body: {} })).status, 405);
  assert.equal((await h.req("DELETE", "/api/v1/configmaps")).status, 405);
  assert.equal(
    (await h.req("GET", "/api/v1/configmaps/x")).json.message,
    "the server could not find the requested resource",
  );
  assert.equal((await h.req("GET", "/api/v1/namespaces/default/nodes")).status, 404);
  assert.equal((await h.req("GET", "/api/v1/configmaps")).status, 200);
  assert.equal((await h.req("GET", "/api/v1/namespaces/default")).status, 200);
});
