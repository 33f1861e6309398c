import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { ControllerRevision } from "./types.js";
import { controllerrevisions } from "./controllerrevision.js";
import { registerSchemaKinds } from "./test-support.js";

registerSchemaKinds();

type CR = Parameters<NonNullable<typeof controllerrevisions.validate>>[0];
const rev = (): CR => ({
  apiVersion: "apps/v1",
  kind: "ControllerRevision",
  metadata: {
    name: "web-7b6c4f9c8d",
    creationTimestamp: "2024-01-01T00:00:00Z",
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        name: "web",
        uid: "u1",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  data: {
    spec: { template: { $patch: "replace", spec: { containers: [{ name: "nginx", image: "nginx" }] } } },
  },
  revision: 2,
});

test("ControllerRevision: schema keeps data opaque, validation and immutability", () => {
  assert.equal(Value.Check(ControllerRevision, rev()), true);
  assert.equal(Value.Check(ControllerRevision, { ...rev(), revisions: 2 }), false);
  assert.deepEqual(controllerrevisions.validate!(rev()), []);
  const bad = rev();
  bad.revision = -1;
  delete (bad as { data?: unknown }).data;
  assert.deepEqual(controllerrevisions.validate!(bad).map(errorString), [
    "data: Required value: data is mandatory",
    "revision: Invalid value: -1: must be greater than or equal to 0",
  ]);
  const changed = rev();
  changed.data = { other: true };
  assert.ok(
    controllerrevisions.validateUpdate!(changed, rev()).some(
      (e) => e.field === "data" && e.detail === "field is immutable",
    ),
  );
  assert.equal(controllerrevisions.generation, undefined);
  assert.equal(controllerrevisions.status, undefined);
});

test("ControllerRevision columns: CONTROLLER is kind.group/name of the controlling owner", () => {
  const cols = controllerrevisions.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "CONTROLLER", "REVISION", "AGE"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(rev(), Date.parse("2024-01-01T00:01:00Z"))),
    ["web-7b6c4f9c8d", "statefulset.apps/web", 2, "60s"],
  );
  const orphan = rev();
  orphan.metadata.ownerReferences = [];
  assert.equal(cols[1].cell(orphan, 0), "<none>");
  const core = rev();
  core.metadata.ownerReferences = [{ apiVersion: "v1", kind: "Pod", name: "p", uid: "u", controller: true }];
  assert.equal(cols[1].cell(core, 0), "pod/p");
});
