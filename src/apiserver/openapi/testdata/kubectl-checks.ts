// What kubectl does with the OpenAPI documents, ported to check ours: the fieldValidation support
// checks of cli-runtime (v3 for 1.29+, v2 protobuf for 1.27/1.28) and kube-openapi's proto model
// parser (which 1.27/1.28 run over the v2 definitions).
import assert from "node:assert/strict";
import YAML from "yaml";
import { gnosticDocument } from "../gnostic.js";
import type { OpenApi } from "../index.js";

/** cli-runtime's query_param_verifier_v3: the PATCH of the GVK must declare the parameter. */
export function supportsV3(
  doc: any,
  gvk: { group: string; version: string; kind: string },
  param: string,
): boolean | undefined {
  for (const item of Object.values<any>(doc.paths)) {
    const patch = item.patch;
    const g = patch?.["x-kubernetes-group-version-kind"];
    if (!g || g.group !== gvk.group || g.version !== gvk.version || g.kind !== gvk.kind) continue;
    return (patch.parameters ?? []).some((p: any) => p.name === param && p.in === "query");
  }
  return undefined;
}

/** cli-runtime@v0.27 supportsQueryParam, over the decoded gnostic message. */
export function supportsV2(
  doc: any,
  gvk: { group: string; version: string; kind: string },
  param: string,
): boolean {
  for (const path of doc.paths.path) {
    const ext = (path.value.patch?.vendor_extension ?? []).find(
      (e: any) => e.name === "x-kubernetes-group-version-kind",
    );
    if (!ext) continue;
    const v = YAML.parse(ext.value.yaml);
    if (v.group !== gvk.group || v.kind !== gvk.kind || v.version !== gvk.version) continue;
    return path.value.patch.parameters.some(
      (p: any) => p.parameter?.non_body_parameter?.query_parameter_sub_schema?.name === param,
    );
  }
  throw new Error("couldn't find GVK in openapi");
}

/** The v2 protobuf decoded with the gnostic descriptor, as plain objects. */
export function decodedV2(o: OpenApi): any {
  const msg = gnosticDocument.decode(o.v2Protobuf());
  return gnosticDocument.toObject(msg, { arrays: false, defaults: false });
}

/** kube-openapi pkg/util/proto's rules: what kubectl 1.27 accepts when it parses v2 definitions. */
export function checkProtoModel(defs: Record<string, any>, s: any, where: string): void {
  if (s._ref) {
    assert.ok(!s.properties && !s.type, `${where}: a reference can't have a type or properties`);
    assert.ok(s._ref.startsWith("#/definitions/"), `${where}: ${s._ref}`);
    assert.ok(defs[s._ref.slice("#/definitions/".length)], `${where}: unknown model ${s._ref}`);
    return;
  }
  const types: string[] = s.type?.value ?? [];
  assert.ok(types.length <= 1, `${where}: multiple types`);
  const t = types[0];
  if (t === "array") {
    assert.equal(s.items?.schema?.length, 1, `${where}: array needs exactly one item schema`);
    checkProtoModel(defs, s.items.schema[0], `${where}[]`);
  } else if (t === "object" || (!t && s.properties)) {
    for (const p of s.properties?.additional_properties ?? [])
      checkProtoModel(defs, p.value, `${where}.${p.name}`);
    if (s.additional_properties?.schema) checkProtoModel(defs, s.additional_properties.schema, `${where}{}`);
  } else if (t) {
    assert.ok(["string", "number", "integer", "boolean"].includes(t), `${where}: unknown primitive ${t}`);
  }
  for (const ext of s.vendor_extension ?? []) YAML.parse(ext.value.yaml);
  if (s.default) YAML.parse(s.default.yaml);
}
