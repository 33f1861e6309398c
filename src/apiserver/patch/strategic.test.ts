import { test } from "node:test";
import assert from "node:assert/strict";
import { applyStrategicMergePatch } from "./strategic.js";
import { Deployment } from "./testschemas.js";
import type { JSONObject } from "./status.js";

const live = (): JSONObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "demo",
    namespace: "default",
    labels: { app: "demo" },
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}\n" },
    finalizers: ["a.example.com/x", "b.example.com/y"],
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "demo" } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } },
    template: {
      metadata: { labels: { app: "demo" } },
      spec: {
        containers: [
          {
            name: "app",
            image: "nginx:1.25",
            ports: [{ containerPort: 80, protocol: "TCP" }],
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
          },
          { name: "sidecar", image: "busybox" },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
      },
    },
  },
  status: { conditions: [{ type: "Available", status: "True" }] },
});

type Edit = (d: any) => void;

const cases: { name: string; patch: unknown; want: Edit }[] = [
  {
    name: "kubectl apply (client side): annotation, replicas, image with $setElementOrder",
    patch: {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"new":1}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }],
            containers: [{ image: "nginx:1.26", name: "app" }],
          },
        },
      },
    },
    want: (d) => {
      d.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = '{"new":1}\n';
      d.spec.replicas = 3;
      d.spec.template.spec.containers[0].image = "nginx:1.26";
    },
  },
  {
    name: "kubectl set image (only the named container in the order list; the other stays in place)",
    patch: {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "app" }],
            containers: [{ image: "nginx:1.27", name: "app" }],
          },
        },
      },
    },
    want: (d) => {
      d.spec.template.spec.containers[0].image = "nginx:1.27";
    },
  },
  {
    name: "$setElementOrder reorders the named items",
    patch: {
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }] } } },
    },
    want: (d) => {
      d.spec.template.spec.containers.reverse();
    },
  },
  {
    name: "kubectl rollout restart",
    patch: {
      spec: {
        template: {
          metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-22T23:25:01Z" } },
        },
      },
    },
    want: (d) => {
      d.spec.template.metadata.annotations = { "kubectl.kubernetes.io/restartedAt": "2026-11-22T23:25:01Z" };
    },
  },
  {
    name: "kubectl rollout pause",
    patch: { spec: { paused: true } },
    want: (d) => {
      d.spec.paused = true;
    },
  },
  {
    name: "a new container is appended",
    patch: { spec: { template: { spec: { containers: [{ name: "log", image: "fluent" }] } } } },
    want: (d) => {
      d.spec.template.spec.containers.unshift({ name: "log", image: "fluent" });
    },
  },
  {
    name: "$patch: delete removes a list item by merge key",
    patch: { spec: { template: { spec: { containers: [{ $patch: "delete", name: "sidecar" }] } } } },
    want: (d) => {
      d.spec.template.spec.containers.pop();
    },
  },
  {
    name: "$patch: replace on a list replaces it",
    patch: {
      spec: { template: { spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } } },
    },
    want: (d) => {
      d.spec.template.spec.containers = [{ name: "only", image: "x" }];
    },
  },
  {
    name: "$patch: replace on a map replaces it",
    patch: { metadata: { labels: { tier: "fe", $patch: "replace" } } },
    want: (d) => {
      d.metadata.labels = { tier: "fe" };
    },
  },
  {
    name: "$patch: delete on a map empties it",
    patch: { spec: { selector: { $patch: "delete" } } },
    want: (d) => {
      d.spec.selector = {};
    },
  },
  {
    name: "env merges by name; a null member is deleted",
    patch: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "app",
                "$setElementOrder/env": [{ name: "A" }, { name: "C" }, { name: "B" }],
                env: [
                  { name: "C", value: "3" },
                  { name: "B", value: null },
                ],
              },
            ],
          },
        },
      },
    },
    want: (d) => {
      d.spec.template.spec.containers[0].env = [
        { name: "A", value: "1" },
        { name: "C", value: "3" },
        { name: "B" },
      ];
    },
  },
  {
    name: "ports merge by containerPort",
    patch: {
      spec: {
        template: {
          spec: { containers: [{ name: "app", ports: [{ containerPort: 443, protocol: "TCP" }] }] },
        },
      },
    },
    want: (d) => {
      d.spec.template.spec.containers[0].ports.unshift({ containerPort: 443, protocol: "TCP" });
    },
  },
  {
    name: "finalizers: set union and $deleteFromPrimitiveList",
    patch: {
      metadata: {
        "$deleteFromPrimitiveList/finalizers": ["a.example.com/x"],
        finalizers: ["c.example.com/z"],
      },
    },
    want: (d) => {
      d.metadata.finalizers = ["c.example.com/z", "b.example.com/y"];
    },
  },
  {
    name: "strategy retainKeys: switching to Recreate clears rollingUpdate",
    patch: { spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: null } } },
    want: (d) => {
      d.spec.strategy = { type: "Recreate" };
    },
  },
  {
    name: "volumes merge,retainKeys: changing the volume source",
    patch: {
      spec: {
        template: {
          spec: {
            volumes: [{ $retainKeys: ["configMap", "name"], configMap: { name: "cfg" }, name: "data" }],
          },
        },
      },
    },
    want: (d) => {
      d.spec.template.spec.volumes = [{ name: "data", configMap: { name: "cfg" } }];
    },
  },
  {
    name: "status conditions merge by type",
    patch: { status: { conditions: [{ type: "Progressing", status: "True" }] } },
    want: (d) => {
      d.status.conditions.unshift({ type: "Progressing", status: "True" });
    },
  },
  {
    name: "a list without patch strategy is replaced (matchExpressions in an atomic selector)",
    patch: { spec: { selector: { matchExpressions: [{ key: "a", operator: "Exists" }] } } },
    want: (d) => {
      d.spec.selector.matchExpressions = [{ key: "a", operator: "Exists" }];
    },
  },
  {
    name: "nulls in a new map are dropped; directive members never reach the result",
    patch: { spec: { template: { spec: { nodeSelector: { a: "1", b: null, c: { $patch: "delete" } } } } } },
    want: (d) => {
      d.spec.template.spec.nodeSelector = { a: "1" };
    },
  },
  { name: "a null patch changes nothing", patch: null, want: () => {} },
];

for (const c of cases) {
  void test(`strategic merge patch: ${c.name}`, () => {
    const doc = live();
    const before = structuredClone(doc);
    const patch = JSON.parse(JSON.stringify(c.patch)) as unknown;
    const got = applyStrategicMergePatch(doc, patch, Deployment);
    assert.ok(got.ok, JSON.stringify(got));
    const want = live();
    c.want(want);
    assert.deepEqual(got.object, want);
    assert.deepEqual(doc, before, "input must not change");
  });
}

const containersPatch = (containers: unknown) => ({ spec: { template: { spec: { containers } } } });

const failures: { name: string; doc?: JSONObject; patch: unknown; want: unknown }[] = [
  {
    name: "not an object",
    patch: [1],
    want: {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message: "json: cannot unmarshal array into Go value of type map[string]interface {}",
    },
  },
  {
    name: "unknown $patch in a map",
    patch: { spec: { selector: { $patch: "foo", x: 1 } } },
    want: {
      ok: false,
      code: 500,
      reason: "",
      message: "unknown patch type: foo in map: map[$patch:foo x:1]",
    },
  },
  {
    name: "$patch: merge on a map is not a directive upstream knows either",
    patch: { metadata: { $patch: "merge" } },
    want: {
      ok: false,
      code: 500,
      reason: "",
      message: "unknown patch type: merge in map: map[$patch:merge]",
    },
  },
  {
    name: "$patch: merge in a list",
    patch: containersPatch([{ $patch: "merge" }]),
    want: { ok: false, code: 500, reason: "", message: "merging lists cannot yet be specified in the patch" },
  },
  {
    name: "list item without the merge key",
    patch: containersPatch([{ image: "x" }]),
    want: {
      ok: false,
      code: 500,
      reason: "",
      message: "map: map[image:x] does not contain declared merge key: name",
    },
  },
  {
    name: "delete directive without the merge key",
    patch: containersPatch([{ $patch: "delete", image: "x" }]),
    want: {
      ok: false,
      code: 500,
      reason: "",
      message: "map: map[$patch:delete image:x] does not contain declared merge key: name",
    },
  },
  {
    name: "list of lists",
    doc: containersPatch([]),
    patch: containersPatch([[1]]),
    want: {
      ok: false,
      code: 422,
      reason: "Invalid",
      message: "the server rejected our request due to an error in our request",
      details: {},
    },
  },
  {
    name: "mixed element types",
    patch: containersPatch(["a"]),
    want: {
      ok: false,
      code: 500,
      reason: "",
      message:
        "list element types are not identical: [[map[env:[map[name:A value:1] map[name:B value:2]] image:nginx:1.25 name:app ports:[map[containerPort:80 protocol:TCP]]] map[image:busybox name:sidecar]] [a]]",
    },
  },
  {
    name: "$setElementOrder without a list name",
    patch: { spec: { template: { spec: { $setElementOrder: [] } } } },
    want: {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message: "invalid patch format of setElementOrder list",
    },
  },
  {
    name: "$setElementOrder that is not a list",
    patch: { spec: { template: { spec: { "$setElementOrder/containers": "x" } } } },
    want: { ok: false, code: 500, reason: "", message: "expected a []interface {}, but received a string" },
  },
  {
    name: "$setElementOrder contradicting the patch order",
    patch: {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "app" }],
            containers: [{ name: "sidecar", image: "y" }],
          },
        },
      },
    },
    want: {
      ok: false,
      code: 500,
      reason: "",
      message:
        "The order in patch list:\n[map[image:y name:sidecar]]\n doesn't match $setElementOrder list:\n[map[name:app]]\n",
    },
  },
  {
    name: "$deleteFromPrimitiveList without a list name",
    patch: { metadata: { $deleteFromPrimitiveList: ["x"] } },
    want: { ok: false, code: 400, reason: "BadRequest", message: "invalid patch format of primitive list" },
  },
  {
    name: "$retainKeys that is not a list",
    patch: { spec: { strategy: { $retainKeys: "type" } } },
    want: { ok: false, code: 400, reason: "BadRequest", message: "invalid patch format of retainKeys" },
  },
  {
    name: "a patched member missing from $retainKeys",
    patch: {
      spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: { maxSurge: 1 } } },
    },
    want: { ok: false, code: 400, reason: "BadRequest", message: "invalid patch format of retainKeys" },
  },
];

for (const c of failures) {
  void test(`strategic merge patch fails: ${c.name}`, () => {
    assert.deepEqual(applyStrategicMergePatch(c.doc ?? live(), c.patch, Deployment), c.want);
  });
}

void test("strategic merge patch without a schema merges like an unstructured object", () => {
  const got = applyStrategicMergePatch(
    { a: { b: 1, c: [1, 2] }, d: [{ name: "x" }] },
    { a: { c: [3], e: null }, d: [{ name: "y" }] },
    undefined,
  );
  assert.deepEqual(got, { ok: true, object: { a: { b: 1, c: [3] }, d: [{ name: "y" }] } });
});

void test("strategic merge patch keeps server-only items where they were (server order)", () => {
  const doc = {
    spec: { template: { spec: { containers: ["a", "b", "c", "d"].map((name) => ({ name })) } } },
  };
  const patch = {
    spec: {
      template: {
        spec: {
          "$setElementOrder/containers": [{ name: "d" }, { name: "b" }, { name: "e" }],
          containers: [{ name: "e" }],
        },
      },
    },
  };
  const got = applyStrategicMergePatch(doc, patch, Deployment);
  assert.ok(got.ok);
  const names = (got.object as any).spec.template.spec.containers.map((c: { name: string }) => c.name);
  assert.deepEqual(names, ["a", "c", "d", "b", "e"]);
});
