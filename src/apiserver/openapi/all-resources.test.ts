// The OpenAPI documents of every resource k8ts serves (src/api allResources), checked the way kubectl
// uses them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { allResources } from "../../api/index.js";
import { buildOpenApi, gvPath } from "./index.js";
import { checkProtoModel, decodedV2, supportsV2, supportsV3 } from "./testdata/kubectl-checks.js";

const api = buildOpenApi(allResources, { version: "v1.32.0" });
const json = (b: Uint8Array) => JSON.parse(Buffer.from(b).toString("utf8"));

test("every served group/version has a v3 document where each resource's PATCH takes fieldValidation", () => {
  assert.ok(allResources.length > 10);
  const root = json(api.v3Root().json);
  for (const r of allResources) {
    assert.ok(root.paths[gvPath(r)], `${gvPath(r)} missing from /openapi/v3`);
    const doc = json(api.v3Doc(gvPath(r))!.json);
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    if ((r.verbs ?? ["patch"]).includes("patch")) {
      assert.equal(supportsV3(doc, gvk, "fieldValidation"), true, `${r.kind}`);
    }
    const kind = doc.components.schemas[r.schema.$id as string];
    assert.ok(
      kind["x-kubernetes-group-version-kind"].some(
        (g: any) => g.group === r.group && g.version === r.version && g.kind === r.kind,
      ),
      `${r.kind} has no x-kubernetes-group-version-kind`,
    );
  }
});

test("v3 documents: every $ref resolves, no x-proto or $id leaks", () => {
  for (const gv of api.v3Paths()) {
    const text = api.v3Doc(gv)!.json.toString("utf8");
    const doc = JSON.parse(text);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(doc.components.schemas[m[1]], `${gv}: dangling ${m[1]}`);
    }
    assert.doesNotMatch(text, /"x-proto|"\$id"|"x-type-description"/, gv);
  }
});

test("the v2 protobuf: kubectl 1.27's fieldValidation check passes and every definition parses", () => {
  const doc = decodedV2(api);
  for (const r of allResources) {
    if (!(r.verbs ?? ["patch"]).includes("patch")) continue;
    assert.equal(
      supportsV2(doc, { group: r.group, version: r.version, kind: r.kind }, "fieldValidation"),
      true,
      r.kind,
    );
  }
  const defs = Object.fromEntries(doc.definitions.additional_properties.map((d: any) => [d.name, d.value]));
  for (const [name, s] of Object.entries(defs)) checkProtoModel(defs, s, name);
});

// kubectl explain's walk over a v3 document: follow properties through $ref / allOf and array items.
// It prints a field's own description, then the type's (from the definition the $ref names).
function explain(doc: any, kind: string, path: string[]) {
  const schemas = doc.components.schemas;
  const deref = (s: any): any =>
    s.$ref ? schemas[s.$ref.replace("#/components/schemas/", "")] : s.allOf ? deref(s.allOf[0]) : s;
  let type = schemas[kind];
  let field: any;
  for (const name of path) {
    field = type.properties[name];
    assert.ok(field, `${kind}: no field ${path.join(".")}`);
    type = deref(field.type === "array" ? field.items : field);
  }
  return { field: field.description as string | undefined, type: type.description as string | undefined };
}

test("explain: named-struct fields carry upstream's field description, their types keep their own", () => {
  const apps = json(api.v3Doc("apis/apps/v1")!.json);
  const core = json(api.v3Doc("api/v1")!.json);
  const D = "io.k8s.api.apps.v1.Deployment";
  assert.deepEqual(explain(apps, D, ["spec"]), {
    field: "Specification of the desired behavior of the Deployment.",
    type: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
  });
  assert.equal(
    explain(apps, D, ["spec", "template"]).field,
    "Template describes the pods that will be created.",
  );
  assert.equal(explain(apps, D, ["spec", "selector"]).field, "Label selector for pods.");
  assert.match(explain(apps, D, ["spec", "selector"]).type!, /^A label selector is a label query/);
  assert.equal(
    explain(apps, D, ["spec", "strategy"]).field,
    "The deployment strategy to use to replace existing pods with new ones.",
  );
  // Field keeps the use site's extensions.
  assert.equal(
    apps.components.schemas["io.k8s.api.apps.v1.DeploymentSpec"].properties.strategy[
      "x-kubernetes-patch-strategy"
    ],
    "retainKeys",
  );
  assert.equal(
    explain(apps, D, ["spec", "template", "spec"]).field,
    "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
  );
  assert.deepEqual(explain(apps, D, ["metadata"]), {
    field:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    type: core.components.schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].description,
  });
  const P = "io.k8s.api.core.v1.Pod";
  assert.equal(
    explain(core, P, ["spec", "securityContext"]).field,
    "SecurityContext holds pod-level security attributes and common container settings.",
  );
  assert.equal(
    explain(core, P, ["spec", "containers", "livenessProbe"]).field,
    "Periodic probe of container liveness. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
  );
  assert.equal(
    explain(core, P, ["spec", "volumes", "configMap"]).field,
    "configMap represents a configMap that should populate this volume",
  );
  assert.equal(
    explain(core, P, ["spec", "containers", "livenessProbe", "httpGet"]).field,
    "HTTPGet specifies an HTTP GET request to perform.",
  );
});

test("explain: every kind's spec and status show a field description distinct from the type's", () => {
  for (const gv of api.v3Paths()) {
    const doc = json(api.v3Doc(gv)!.json);
    for (const [name, def] of Object.entries<any>(doc.components.schemas)) {
      if (!def["x-kubernetes-group-version-kind"] || !def.properties) continue;
      for (const f of ["spec", "status"]) {
        if (!def.properties[f]?.allOf) continue;
        const { field, type } = explain(doc, name, [f]);
        assert.ok(field, `${name}.${f} has no field description`);
        assert.notEqual(field, type, `${name}.${f}`);
      }
    }
  }
});
