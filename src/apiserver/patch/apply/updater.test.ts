// Ownership bookkeeping scenarios; expected objects and field sets are those of
// sigs.k8s.io/structured-merge-diff's own behaviour for the same operations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathString } from "./fieldpath.js";
import { typeOfSchema } from "./smdschema.js";
import { ConflictError, Updater, type ManagedFields } from "./updater.js";
import type { JSONSchema } from "../schema.js";

const sets: JSONSchema = {
  type: "object",
  properties: { list: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" } },
};

const listOfLists: JSONSchema = {
  type: "object",
  properties: {
    listOfLists: {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      items: {
        type: "object",
        properties: {
          name: { type: "string" },
          value: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
          other: { type: "integer" },
        },
      },
    },
  },
};

const leaves: JSONSchema = {
  type: "object",
  properties: { numeric: { type: "integer" }, string: { type: "string" }, bool: { type: "boolean" } },
};

type Op = ["apply" | "force" | "update", string, Record<string, unknown>];

function run(
  schema: JSONSchema,
  ops: Op[],
): { live: unknown; managed: Record<string, string[]>; conflicts?: string[] } {
  const u = new Updater(typeOfSchema(schema));
  let live: unknown = {};
  let managers: ManagedFields = new Map();
  for (const [kind, manager, obj] of ops) {
    if (kind === "update") {
      managers = u.updateFields(live, obj, "v1", managers, manager);
      live = obj;
      continue;
    }
    const r = u.apply(live, obj, "v1", managers, manager, kind === "force");
    if (r instanceof ConflictError) {
      return { live, managed: {}, conflicts: r.conflicts.map((c) => `${c.manager} ${pathString(c.path)}`) };
    }
    if (r.object !== undefined) live = r.object;
    managers = r.managers;
  }
  const managed: Record<string, string[]> = {};
  for (const [m, vs] of managers) managed[m] = [...vs.set.paths()].map(pathString);
  return { live, managed };
}

const cases: {
  name: string;
  schema: JSONSchema;
  ops: Op[];
  live: unknown;
  managed?: Record<string, string[]>;
  conflicts?: string[];
}[] = [
  {
    name: "set: an updater's items keep their place between applied items",
    schema: sets,
    ops: [
      ["apply", "default", { list: ["a", "c"] }],
      ["update", "controller", { list: ["a", "b", "c", "d"] }],
      ["apply", "default", { list: ["a", "aprime", "c", "cprime"] }],
    ],
    live: { list: ["a", "b", "aprime", "c", "d", "cprime"] },
    managed: {
      default: ['.list[="a"]', '.list[="aprime"]', '.list[="c"]', '.list[="cprime"]'],
      controller: ['.list[="b"]', '.list[="d"]'],
    },
  },
  {
    name: "set: re-applying reorders; removed items are pruned",
    schema: sets,
    ops: [
      ["apply", "default", { list: ["a", "b", "c", "d"] }],
      ["apply", "default", { list: ["a", "d", "c"] }],
    ],
    live: { list: ["a", "d", "c"] },
    managed: { default: ['.list[="a"]', '.list[="c"]', '.list[="d"]'] },
  },
  {
    name: "set: an updater that only reorders owns nothing, and apply restores the order",
    schema: sets,
    ops: [
      ["apply", "default", { list: ["a", "b", "c", "d"] }],
      ["update", "controller", { list: ["a", "d", "c", "b"] }],
      ["apply", "default", { list: ["a", "b", "c", "d"] }],
    ],
    live: { list: ["a", "b", "c", "d"] },
    managed: { default: ['.list[="a"]', '.list[="b"]', '.list[="c"]', '.list[="d"]'] },
  },
  {
    name: "map list: an item another applier owns stays when its first applier drops it",
    schema: listOfLists,
    ops: [
      ["apply", "apply-one", { listOfLists: [{ name: "a" }, { name: "b", value: ["c"] }] }],
      ["apply", "apply-two", { listOfLists: [{ name: "b", value: ["d"] }] }],
      ["apply", "apply-one", { listOfLists: [{ name: "a" }] }],
    ],
    live: { listOfLists: [{ name: "a" }, { name: "b", value: ["d"] }] },
    managed: {
      "apply-one": ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
      "apply-two": [
        '.listOfLists[name="b"]',
        '.listOfLists[name="b"].name',
        '.listOfLists[name="b"].value[="d"]',
      ],
    },
  },
  {
    name: "map list: an updater's sub-item survives the prune",
    schema: listOfLists,
    ops: [
      ["apply", "apply-one", { listOfLists: [{ name: "a" }, { name: "b", value: ["c"] }] }],
      ["apply", "apply-two", { listOfLists: [{ name: "b", value: ["d"] }] }],
      ["update", "controller", { listOfLists: [{ name: "a" }, { name: "b", value: ["c", "d", "e"] }] }],
      ["apply", "apply-one", { listOfLists: [{ name: "a" }] }],
    ],
    live: { listOfLists: [{ name: "a" }, { name: "b", value: ["d", "e"] }] },
    managed: {
      "apply-one": ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
      "apply-two": [
        '.listOfLists[name="b"]',
        '.listOfLists[name="b"].name',
        '.listOfLists[name="b"].value[="d"]',
      ],
      controller: ['.listOfLists[name="b"].value[="e"]'],
    },
  },
  {
    name: "map list: an item only an updater adds to is removed with its owner's item",
    schema: listOfLists,
    ops: [
      ["apply", "apply-one", { listOfLists: [{ name: "a" }, { name: "b", value: ["c"] }] }],
      ["apply", "apply-two", { listOfLists: [{ name: "a", value: ["b"] }] }],
      [
        "update",
        "controller",
        {
          listOfLists: [
            { name: "a", value: ["b"] },
            { name: "b", value: ["c", "d"] },
          ],
        },
      ],
      ["apply", "apply-one", { listOfLists: [{ name: "a" }] }],
    ],
    live: { listOfLists: [{ name: "a", value: ["b"] }] },
    managed: {
      "apply-one": ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
      "apply-two": [
        '.listOfLists[name="a"]',
        '.listOfLists[name="a"].name',
        '.listOfLists[name="a"].value[="b"]',
      ],
    },
  },
  {
    name: "two appliers setting the same value share it",
    schema: listOfLists,
    ops: [
      ["apply", "apply-one", { listOfLists: [{ name: "a", other: 0 }] }],
      ["apply", "apply-two", { listOfLists: [{ name: "a", other: 0 }] }],
    ],
    live: { listOfLists: [{ name: "a", other: 0 }] },
    managed: {
      "apply-one": ['.listOfLists[name="a"]', '.listOfLists[name="a"].name', '.listOfLists[name="a"].other'],
      "apply-two": ['.listOfLists[name="a"]', '.listOfLists[name="a"].name', '.listOfLists[name="a"].other'],
    },
  },
  {
    name: "a different value conflicts",
    schema: listOfLists,
    ops: [
      ["apply", "apply-one", { listOfLists: [{ name: "a", other: 0 }] }],
      ["apply", "apply-two", { listOfLists: [{ name: "a", other: 1 }] }],
    ],
    live: { listOfLists: [{ name: "a", other: 0 }] },
    conflicts: ['apply-one .listOfLists[name="a"].other'],
  },
  {
    name: "leaves: conflict with an updater, then force takes the field",
    schema: leaves,
    ops: [
      ["apply", "default", { numeric: 1, string: "string" }],
      ["update", "controller", { numeric: 1, string: "controller string", bool: true }],
      ["force", "default", { numeric: 2, string: "user string" }],
    ],
    live: { numeric: 2, string: "user string", bool: true },
    managed: { default: [".numeric", ".string"], controller: [".bool"] },
  },
  {
    name: "leaves: an unchanged field is not a conflict",
    schema: leaves,
    ops: [
      ["update", "controller", { numeric: 1, string: "a" }],
      ["apply", "default", { numeric: 1 }],
    ],
    live: { numeric: 1, string: "a" },
    managed: { controller: [".numeric", ".string"], default: [".numeric"] },
  },
  {
    name: "leaves: a field dropped from the config is removed when nobody else owns it",
    schema: leaves,
    ops: [
      ["apply", "default", { numeric: 1, string: "a" }],
      ["apply", "default", { numeric: 1 }],
    ],
    live: { numeric: 1 },
    managed: { default: [".numeric"] },
  },
  {
    name: "leaves: a field dropped from the config stays when an updater owns it too",
    schema: leaves,
    ops: [
      ["apply", "default", { numeric: 1, string: "a" }],
      ["update", "controller", { numeric: 1, string: "b" }],
      ["apply", "default", { numeric: 1 }],
    ],
    live: { numeric: 1, string: "b" },
    managed: { controller: [".string"], default: [".numeric"] },
  },
];

for (const c of cases) {
  void test(`updater: ${c.name}`, () => {
    const got = run(c.schema, c.ops);
    assert.deepEqual(got.live, c.live);
    if (c.conflicts) assert.deepEqual(got.conflicts, c.conflicts);
    else assert.deepEqual(got.managed, c.managed);
  });
}

void test("updater: an apply that changes nothing returns no object", () => {
  const u = new Updater(typeOfSchema(leaves));
  const first = u.apply({}, { numeric: 1 }, "v1", new Map(), "m", false);
  assert.ok(!(first instanceof ConflictError));
  const again = u.apply(first.object, { numeric: 1 }, "v1", first.managers, "m", false);
  assert.ok(!(again instanceof ConflictError));
  assert.equal(again.object, undefined);
  assert.deepEqual([...again.managers.keys()], ["m"]);
});
