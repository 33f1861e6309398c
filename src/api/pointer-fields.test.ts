// Every Go pointer scalar of the served types carries `x-proto-pointer` (so the protobuf decoder keeps
// its zero: `--replicas=0`, `enableServiceLinks: false`), and no other field does (a non-pointer
// omitempty zero must stay dropped, as encoding/json drops it).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TSchema } from "@sinclair/typebox";
import { allResources } from "./index.js";
import { DeleteOptions, ListMeta } from "./meta/v1/types.js";
import { TokenRequest } from "./authentication/v1/types.js";
import { upstreamPointerFields } from "./testdata/pointer-fields.js";

/** Every object schema with an $id and properties reachable from the roots, by $id (copies included). */
function namedStructs(roots: TSchema[]): Map<string, TSchema[]> {
  const out = new Map<string, TSchema[]>();
  const seen = new Set<unknown>();
  const visit = (s: unknown): void => {
    if (!s || typeof s !== "object" || seen.has(s)) return;
    seen.add(s);
    const o = s as TSchema;
    if (typeof o.$id === "string" && o.properties) out.set(o.$id, [...(out.get(o.$id) ?? []), o]);
    for (const v of Object.values(o)) visit(v);
  };
  roots.forEach(visit);
  return out;
}

const structs = namedStructs([...allResources.map((r) => r.schema), DeleteOptions, ListMeta, TokenRequest]);

test("the upstream table reaches the served kinds (a guard against a renamed $id)", () => {
  for (const id of [
    "io.k8s.api.apps.v1.DeploymentSpec",
    "io.k8s.api.core.v1.PodSpec",
    "io.k8s.api.core.v1.SecurityContext",
    "io.k8s.api.batch.v1.JobSpec",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  ]) {
    assert.ok(structs.has(id), id);
    assert.ok(upstreamPointerFields[id], id);
  }
});

test("x-proto-pointer marks exactly upstream's pointer scalars", () => {
  const wrong: string[] = [];
  for (const [id, copies] of structs) {
    const pointers = new Set(upstreamPointerFields[id] ?? []);
    for (const s of copies) {
      for (const [name, prop] of Object.entries(s.properties as Record<string, TSchema>)) {
        const marked = prop["x-proto-pointer"] === true;
        if (marked !== pointers.has(name)) wrong.push(`${id}.${name}: ${marked ? "marked" : "unmarked"}`);
      }
    }
  }
  assert.deepEqual([...new Set(wrong)], []);
});

test("the fields the brief names are pointers", () => {
  const prop = (id: string, name: string) =>
    (structs.get(id)![0].properties as Record<string, TSchema>)[name];
  for (const [id, name] of [
    ["io.k8s.api.apps.v1.DeploymentSpec", "replicas"],
    ["io.k8s.api.apps.v1.DeploymentSpec", "revisionHistoryLimit"],
    ["io.k8s.api.apps.v1.DeploymentSpec", "progressDeadlineSeconds"],
    ["io.k8s.api.apps.v1.ReplicaSetSpec", "replicas"],
    ["io.k8s.api.apps.v1.StatefulSetSpec", "replicas"],
    ["io.k8s.api.batch.v1.JobSpec", "parallelism"],
    ["io.k8s.api.batch.v1.JobSpec", "completions"],
    ["io.k8s.api.batch.v1.JobSpec", "backoffLimit"],
    ["io.k8s.api.batch.v1.JobSpec", "suspend"],
    ["io.k8s.api.core.v1.PodSpec", "terminationGracePeriodSeconds"],
    ["io.k8s.api.core.v1.PodSpec", "enableServiceLinks"],
    ["io.k8s.api.core.v1.PodSpec", "automountServiceAccountToken"],
    ["io.k8s.api.core.v1.PodSpec", "priority"],
    ["io.k8s.api.core.v1.SecurityContext", "runAsUser"],
    ["io.k8s.api.core.v1.SecurityContext", "privileged"],
  ] as const) {
    assert.equal(prop(id, name)?.["x-proto-pointer"], true, `${id}.${name}`);
  }
  // Non-pointer omitempty scalars stay unmarked: their zero is "not set".
  assert.equal(prop("io.k8s.api.apps.v1.DeploymentSpec", "minReadySeconds")["x-proto-pointer"], undefined);
  assert.equal(prop("io.k8s.api.apps.v1.DeploymentSpec", "paused")["x-proto-pointer"], undefined);
});
