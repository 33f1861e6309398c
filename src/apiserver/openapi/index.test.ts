import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import YAML from "yaml";
import { buildOpenApi } from "./index.js";
import { gnosticDocument, toGnostic } from "./gnostic.js";
import { Scale, testResources } from "./testdata/resources.js";
import { checkProtoModel, decodedV2, supportsV2, supportsV3 } from "./testdata/kubectl-checks.js";
import type { ResourceType } from "../../api/registry.js";

const api = buildOpenApi(testResources, { version: "v1.32.0", scale: Scale });
const json = (b: Uint8Array) => JSON.parse(Buffer.from(b).toString("utf8"));

test("the v3 root lists every group/version with the hash of its document", () => {
  const root = json(api.v3Root().json);
  assert.deepEqual(Object.keys(root.paths), ["api/v1", "apis/apps/v1"]);
  for (const gv of api.v3Paths()) {
    const doc = api.v3Doc(gv)!;
    const hash = createHash("sha512").update(doc.json).digest("hex").toUpperCase();
    assert.equal(doc.hash, hash);
    assert.equal(root.paths[gv].serverRelativeURL, `/openapi/v3/${gv}?hash=${hash}`);
  }
  assert.equal(api.v3Doc("apis/nope/v1"), undefined);
  // Built once: the same bytes every time.
  assert.equal(api.v3Doc("apis/apps/v1"), api.v3Doc("apis/apps/v1"));
  assert.equal(api.v2Protobuf(), api.v2Protobuf());
});

const apps = json(api.v3Doc("apis/apps/v1")!.json);
const core = json(api.v3Doc("api/v1")!.json);

test("a namespaced resource with status and scale has upstream's paths and actions", () => {
  const actions = (doc: any) =>
    Object.fromEntries(
      Object.entries(doc.paths).map(([path, item]: [string, any]) => [
        path,
        Object.fromEntries(
          ["get", "put", "post", "patch", "delete"]
            .filter((m) => item[m])
            .map((m) => [m, item[m]["x-kubernetes-action"] ?? null]),
        ),
      ]),
    );
  assert.deepEqual(actions(apps), {
    "/apis/apps/v1/": { get: null },
    "/apis/apps/v1/deployments": { get: "list" },
    "/apis/apps/v1/namespaces/{namespace}/deployments": {
      get: "list",
      post: "post",
      delete: "deletecollection",
    },
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}": {
      get: "get",
      put: "put",
      patch: "patch",
      delete: "delete",
    },
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale": {
      get: "get",
      put: "put",
      patch: "patch",
    },
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status": {
      get: "get",
      put: "put",
      patch: "patch",
    },
    "/apis/apps/v1/watch/deployments": { get: "watchlist" },
    "/apis/apps/v1/watch/namespaces/{namespace}/deployments": { get: "watchlist" },
    "/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}": { get: "watch" },
  });
  const item = apps.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
  assert.equal(item.patch.operationId, "patchAppsV1NamespacedDeployment");
  assert.equal(
    apps.paths["/apis/apps/v1/deployments"].get.operationId,
    "listAppsV1DeploymentForAllNamespaces",
  );
  assert.deepEqual(
    item.parameters.map((p: any) => [p.name, p.in, p.required ?? false]),
    [
      ["name", "path", true],
      ["namespace", "path", true],
      ["pretty", "query", false],
    ],
  );
  assert.deepEqual(item.parameters[0].schema, { type: "string", uniqueItems: true });
  const scale = apps.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
  assert.deepEqual(scale.patch["x-kubernetes-group-version-kind"], {
    group: "autoscaling",
    kind: "Scale",
    version: "v1",
  });
  assert.equal(scale.get.operationId, "readAppsV1NamespacedDeploymentScale");
  assert.deepEqual(
    apps.components.schemas["io.k8s.api.autoscaling.v1.Scale"]["x-kubernetes-group-version-kind"],
    [{ group: "autoscaling", kind: "Scale", version: "v1" }],
  );
});

test("a cluster-scoped resource: no namespace paths, only the verbs it has", () => {
  const paths = Object.keys(core.paths).filter((p) => p.includes("namespaces") && !p.includes("{namespace}"));
  assert.deepEqual(paths, [
    "/api/v1/namespaces",
    "/api/v1/namespaces/{name}",
    "/api/v1/watch/namespaces",
    "/api/v1/watch/namespaces/{name}",
  ]);
  // namespaces has no deletecollection in its verbs.
  assert.deepEqual(Object.keys(core.paths["/api/v1/namespaces"]).sort(), ["get", "parameters", "post"]);
  assert.equal(core.paths["/api/v1/namespaces/{name}"].put.operationId, "replaceCoreV1Namespace");
});

test("every resource's PATCH declares fieldValidation, fieldManager, dryRun and force (kubectl 1.29+ validation check)", () => {
  for (const r of testResources) {
    const doc = r.group ? apps : core;
    for (const p of ["fieldValidation", "fieldManager", "dryRun", "force"]) {
      assert.equal(
        supportsV3(doc, { group: r.group, version: r.version, kind: r.kind }, p),
        true,
        `${r.kind} ${p}`,
      );
    }
  }
  assert.equal(
    supportsV3(apps, { group: "apps", version: "v1", kind: "StatefulSet" }, "fieldValidation"),
    undefined,
  );
});

test("kinds and lists carry x-kubernetes-group-version-kind; explain can walk deployment.spec.template.spec.containers", () => {
  const schemas = apps.components.schemas;
  assert.deepEqual(schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"], [
    { group: "apps", kind: "Deployment", version: "v1" },
  ]);
  assert.deepEqual(schemas["io.k8s.api.apps.v1.DeploymentList"]["x-kubernetes-group-version-kind"], [
    { group: "apps", kind: "DeploymentList", version: "v1" },
  ]);
  assert.deepEqual(schemas["io.k8s.api.apps.v1.DeploymentList"].required, ["items"]);
  const deleteOptions =
    schemas["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]["x-kubernetes-group-version-kind"];
  assert.deepEqual(deleteOptions, [
    { group: "", kind: "DeleteOptions", version: "v1" },
    { group: "apps", kind: "DeleteOptions", version: "v1" },
  ]);

  // kubectl explain's template: follow properties, through $ref / allOf and array items.
  const resolve = (s: any): any => {
    if (s.$ref) return resolve(schemas[s.$ref.replace("#/components/schemas/", "")]);
    if (s.allOf) return resolve(s.allOf[0]);
    return s;
  };
  let s = resolve({ $ref: "#/components/schemas/io.k8s.api.apps.v1.Deployment" });
  for (const field of ["spec", "template", "spec", "containers"]) s = resolve(s.properties[field]);
  const container = resolve(s.items);
  assert.deepEqual(Object.keys(container.properties).sort(), [
    "command",
    "image",
    "name",
    "ports",
    "resources",
  ]);
  assert.equal(container.description, "A single application container that you want to run within a pod.");
  assert.deepEqual(container.required, ["name"]);
});

test("every $ref of a v3 document resolves inside it", () => {
  for (const doc of [apps, core]) {
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(doc.components.schemas[m[1]], `dangling ${m[1]}`);
    }
    assert.equal(doc.openapi, "3.0.0");
    assert.deepEqual(doc.info, { title: "Kubernetes", version: "v1.32.0" });
  }
});

test("without a Scale type the scale paths are left out", () => {
  const noScale = buildOpenApi(testResources, { version: "v1.32.0" });
  const doc = json(noScale.v3Doc("apis/apps/v1")!.json);
  assert.ok(!Object.keys(doc.paths).some((p) => p.endsWith("/scale")));
  assert.ok(doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"]);
});

test("the v2 protobuf decodes back to the v2 JSON document's gnostic form", () => {
  const v2 = json(api.v2Json().json);
  assert.equal(v2.swagger, "2.0");
  // fromObject → toObject normalises the expected side the way decoding does (empty lists dropped).
  const expected = gnosticDocument.toObject(gnosticDocument.fromObject(toGnostic(v2)), {
    arrays: false,
    defaults: false,
  });
  assert.deepEqual(decodedV2(api), expected);
});

test("kubectl 1.27's fieldValidation check passes for every resource from the v2 protobuf", () => {
  const doc = decodedV2(api);
  for (const r of testResources) {
    assert.equal(
      supportsV2(doc, { group: r.group, version: r.version, kind: r.kind }, "fieldValidation"),
      true,
      r.kind,
    );
  }
  assert.throws(
    () => supportsV2(doc, { group: "", version: "v1", kind: "Pod" }, "fieldValidation"),
    /couldn't find GVK/,
  );
});

test("every v2 definition parses under kube-openapi's proto model rules", () => {
  const doc = decodedV2(api);
  const defs = Object.fromEntries(doc.definitions.additional_properties.map((d: any) => [d.name, d.value]));
  assert.ok(Object.keys(defs).length > 20);
  for (const [name, s] of Object.entries(defs)) checkProtoModel(defs, s, name);
  const gvk = defs["io.k8s.api.apps.v1.Deployment"].vendor_extension.find(
    (e: any) => e.name === "x-kubernetes-group-version-kind",
  );
  assert.deepEqual(YAML.parse(gvk.value.yaml), [{ group: "apps", kind: "Deployment", version: "v1" }]);
});

test("resources of several group/versions: one document each, one v2 document for all", () => {
  const extra: ResourceType = {
    ...testResources[0],
    group: "example.k8s.io",
    version: "v1beta1",
    kind: "Thing",
    plural: "things",
    singular: "thing",
  };
  const o = buildOpenApi([...testResources, extra], { version: "v1.32.0" });
  assert.deepEqual(o.v3Paths(), ["api/v1", "apis/apps/v1", "apis/example.k8s.io/v1beta1"]);
  const doc = json(o.v3Doc("apis/example.k8s.io/v1beta1")!.json);
  assert.equal(
    doc.paths["/apis/example.k8s.io/v1beta1/namespaces/{namespace}/things/{name}"].patch.operationId,
    "patchExampleV1beta1NamespacedThing",
  );
  assert.deepEqual(doc.paths["/apis/example.k8s.io/v1beta1/namespaces/{namespace}/things"].get.tags, [
    "example_v1beta1",
  ]);
  const v2 = json(o.v2Json().json);
  assert.ok(v2.paths["/apis/example.k8s.io/v1beta1/"]);
  assert.ok(v2.paths["/api/v1/namespaces/{namespace}/configmaps/{name}"].patch);
});
