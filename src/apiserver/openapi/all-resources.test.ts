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
