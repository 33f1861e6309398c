import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeFromStorage,
  encodeForStorage,
  jsonWithResourceVersion,
  withResourceVersion,
} from "./codec.js";

const obj = {
  data: { k: "v" },
  metadata: {
    labels: { a: "b" },
    uid: "u-1",
    name: "x",
    namespace: "d",
    resourceVersion: "9",
    creationTimestamp: "2026-01-01T00:00:00Z",
  },
  apiVersion: "v1",
  kind: "ConfigMap",
};

test("stored text: TypeMeta and ObjectMeta first in upstream's order, no resourceVersion", () => {
  const text = encodeForStorage(obj, ["data"]);
  assert.equal(
    text,
    '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"d","uid":"u-1","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"a":"b"}},"data":{"k":"v"}}',
  );
  const back = decodeFromStorage(text, 42);
  assert.equal(back.metadata.resourceVersion, "42");
  assert.deepEqual(Object.keys(back.metadata), [
    "name",
    "namespace",
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "labels",
  ]);
});

test("the JSON with a resourceVersion is spliced, identical to serializing the object", () => {
  const text = encodeForStorage(obj);
  assert.equal(jsonWithResourceVersion(text, "42"), JSON.stringify(withResourceVersion(obj as never, "42")));
  assert.equal(jsonWithResourceVersion('{"kind":"X","metadata":{"name":"a"}}', "1"), undefined);
  const tricky = encodeForStorage({
    ...obj,
    metadata: { ...obj.metadata, name: 'has "uid":"no" inside' },
  });
  assert.equal(
    jsonWithResourceVersion(tricky, "7"),
    JSON.stringify(withResourceVersion(JSON.parse(tricky), "7")),
  );
});
