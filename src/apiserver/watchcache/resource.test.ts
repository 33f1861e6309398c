import { test } from "node:test";
import assert from "node:assert/strict";
import { SchemaCompiler } from "../decode/typed.js";
import { resourceInfo } from "../registry/resource.js";
import { ResourceCache } from "./resource.js";
import { CachedObject } from "./object.js";
import { StatusError } from "../errors.js";
import { configMaps } from "../../api/core/v1/configmap.js";

const info = resourceInfo(configMaps, new SchemaCompiler());
const obj = (name: string, rv: number) =>
  new CachedObject(info, `${info.prefix}default/${name}`, rv, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "default", resourceVersion: String(rv) },
  });

test("range lists a prefix in key order, from a start key", () => {
  const c = new ResourceCache(info, 10);
  c.replace([obj("b", 1), obj("a", 2), obj("c", 3)], 3);
  c.put(obj("ab", 4));
  assert.deepEqual(
    [...c.range(`${info.prefix}default/`)].map((o) => o.name),
    ["a", "ab", "b", "c"],
  );
  assert.deepEqual(
    [...c.range(`${info.prefix}default/`, `${info.prefix}default/b`)].map((o) => o.name),
    ["b", "c"],
  );
  c.delete(`${info.prefix}default/ab`, 5);
  assert.deepEqual(
    [...c.range(info.prefix)].map((o) => o.name),
    ["a", "b", "c"],
  );
});

test("eventsSince replays the window and expires what fell out of it", () => {
  const c = new ResourceCache(info, 3);
  c.replace([], 10);
  assert.deepEqual(c.eventsSince(10), []);
  const expired = c.eventsSince(8);
  assert.ok(expired instanceof StatusError);
  assert.equal(expired.message, "too old resource version: 8 (10)");
  for (let rv = 11; rv <= 15; rv++) c.put(obj("x", rv));
  const events = c.eventsSince(12);
  assert.ok(Array.isArray(events));
  assert.deepEqual(
    events.map((e) => e.rv),
    [13, 14, 15],
  );
  assert.deepEqual(
    events.map((e) => e.type),
    ["MODIFIED", "MODIFIED", "MODIFIED"],
  );
  const gone = c.eventsSince(11);
  assert.ok(gone instanceof StatusError);
  assert.equal(gone.code, 410);
  assert.equal(gone.message, "too old resource version: 11 (12)");
});
