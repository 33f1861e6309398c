import { test } from "node:test";
import assert from "node:assert/strict";
import { Type, type TSchema } from "@sinclair/typebox";
import pb from "protobufjs/minimal.js";
import { decodeKubeProtobuf, encodeKubeProtobuf, type ProtobufDecodeResult } from "./index.js";
import { captured } from "./testdata/kubectl-bodies.js";
import { deploymentSchema, lookup, SelfSubjectAccessReview } from "./testdata/schemas.js";
import { writeEnvelope } from "./envelope.js";
import { DeleteOptions, ManagedFieldsEntry, ObjectMeta } from "../../api/meta/v1/types.js";
import {
  AtomicList,
  Bytes,
  Double,
  Duration,
  Int32,
  Int64,
  IntOrString,
  MicroTime,
  Quantity,
  RawExtension,
  Struct,
  Time,
} from "../../api/schema.js";

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

function ok(r: ProtobufDecodeResult): Record<string, unknown> {
  if (!r.ok) assert.fail(`decode failed: ${r.error.message}`);
  return r.object;
}

/** encoding/json writes nil pointers/slices as null; absent and null mean the same to the server. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  }
  return v;
}

for (const [name, body] of Object.entries(captured)) {
  if (name === "deployment-replicas0") continue;
  test(`kubectl 1.32 protobuf body decodes to the JSON kubectl 1.31 sends: ${body.command}`, () => {
    const got = ok(decodeKubeProtobuf(hex(body.protobuf), lookup));
    assert.deepEqual(got, withoutNulls(JSON.parse(body.json)));
  });
}

test("the SelfSubjectAccessReview body is the 136-byte body of kubectl-wire.md §1.4", () => {
  const body = hex(captured.selfsubjectaccessreview.protobuf);
  assert.equal(body.length, 136);
  const got = ok(decodeKubeProtobuf(body, lookup));
  // gogo wrote status {allowed: false, reason: "", evaluationError: "", denied: false}: only the
  // required (non-omitempty) field survives, as in the JSON.
  assert.deepEqual(got.status, { allowed: false });
  assert.deepEqual(got.metadata, {});
});

test("a zero pointer scalar is kept only when the schema marks it x-proto-pointer (replicas: 0)", () => {
  const body = hex(captured["deployment-replicas0"].protobuf);
  const want = withoutNulls(JSON.parse(captured["deployment-replicas0"].json)) as any;
  const marked = ok(decodeKubeProtobuf(body, () => deploymentSchema(true)));
  assert.deepEqual(marked, want);
  const unmarked = ok(decodeKubeProtobuf(body, () => deploymentSchema(false))) as any;
  assert.equal(unmarked.spec.replicas, undefined);
  delete want.spec.replicas;
  assert.deepEqual(unmarked, want);
});

test("decode errors are values with upstream's messages", () => {
  const notProto = decodeKubeProtobuf(Buffer.from('{"kind":"ConfigMap"}'), lookup);
  assert.deepEqual(notProto, {
    ok: false,
    error: {
      code: 400,
      reason: "BadRequest",
      message: "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
    },
  });

  const full = hex(captured.configmap.protobuf);
  for (const cut of [5, 20, full.length - 3]) {
    const truncated = decodeKubeProtobuf(full.subarray(0, cut), lookup);
    assert.equal(truncated.ok, false, `cut at ${cut}`);
    if (!truncated.ok) assert.equal(truncated.error.message, "unexpected EOF");
  }

  const unknown = decodeKubeProtobuf(full, () => undefined);
  assert.equal(unknown.ok, false);
  if (!unknown.ok) {
    assert.equal(
      unknown.error.message,
      'no kind "ConfigMap" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  }

  // ObjectMeta.name (field 1) sent as a varint instead of a string.
  const w = pb.Writer.create();
  w.uint32((1 << 3) | 2).fork();
  w.uint32(1 << 3).int32(5);
  w.ldelim();
  const wrongType = decodeKubeProtobuf(writeEnvelope("v1", "ConfigMap", w.finish()), lookup);
  assert.equal(wrongType.ok, false);
  if (!wrongType.ok) assert.equal(wrongType.error.message, "proto: wrong wireType = 0 for field name");
});

test("unknown field numbers are skipped", () => {
  const w = pb.Writer.create();
  w.uint32((1 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string("cm");
  w.uint32((99 << 3) | 2).string("from a newer release");
  w.uint32(98 << 3).int64(7);
  w.uint32((97 << 3) | 1).double(1.5);
  w.uint32((96 << 3) | 5).fixed32(3);
  w.ldelim();
  w.uint32((42 << 3) | 2).bytes(Uint8Array.of(1, 2, 3));
  const got = ok(decodeKubeProtobuf(writeEnvelope("v1", "ConfigMap", w.finish()), lookup));
  assert.deepEqual(got, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } });
});

test("DeleteOptions as kubectl drain --disable-eviction --grace-period=3 sends it", () => {
  // gogo writes the pointer fields that are set, and every element of dryRun.
  const w = pb.Writer.create();
  w.uint32(1 << 3).int64(3);
  w.uint32((2 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string("uid-1");
  w.ldelim();
  w.uint32((4 << 3) | 2).string("Foreground");
  w.uint32((5 << 3) | 2).string("All");
  const got = ok(decodeKubeProtobuf(writeEnvelope("v1", "DeleteOptions", w.finish()), () => DeleteOptions));
  assert.deepEqual(got, {
    apiVersion: "v1",
    kind: "DeleteOptions",
    gracePeriodSeconds: 3,
    preconditions: { uid: "uid-1" },
    propagationPolicy: "Foreground",
    dryRun: ["All"],
  });
});

const Everything = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    created: Time(),
    renewed: MicroTime(),
    interval: Duration(),
    port: IntOrString(),
    surge: IntOrString(),
    negativeIntOrString: IntOrString(),
    memory: Quantity(),
    payload: Bytes(),
    embedded: RawExtension(),
    ratio: Double(),
    small: Int32(),
    big: Int64(),
    counts: Type.Array(Int32()),
    weights: Type.Array(Double()),
    flags: Type.Array(Type.Boolean()),
    extra: Type.Record(Type.String(), Type.Array(Type.String())),
    limits: Type.Record(Type.String(), Quantity()),
    managed: Type.Array(ManagedFieldsEntry),
    shortcut: Type.Unsafe({ type: "object", "x-kubernetes-preserve-unknown-fields": true }),
    emptyDir: Struct({ medium: Type.String() }, { $id: "t.EmptyDir", "x-proto": { medium: 1 } }),
    name: Type.String(),
    tags: AtomicList(Type.String(), { "x-proto-wrapped": { items: 3 } }),
  },
  {
    $id: "t.Everything",
    "x-proto": {
      metadata: 1,
      created: 2,
      renewed: 3,
      interval: 4,
      port: 5,
      surge: 6,
      negativeIntOrString: 7,
      memory: 8,
      payload: 9,
      embedded: 10,
      ratio: 11,
      small: 12,
      big: 13,
      counts: 14,
      weights: 15,
      flags: 16,
      extra: 17,
      limits: 18,
      managed: 19,
      shortcut: 20,
      tags: 22,
    },
    // Inlined struct: emptyDir is field 1 of the message in field 21; name is field 2 of it.
    "x-proto-inline": { "21": { emptyDir: 1, name: 2 } },
  },
);

test("special types, negative numbers, lists, maps and inlined structs survive encode → decode", () => {
  const obj = {
    apiVersion: "example.k8s.io/v1",
    kind: "Everything",
    metadata: { name: "e", labels: { a: "b" }, generation: 3, creationTimestamp: "2026-01-02T03:04:05Z" },
    created: "2026-01-02T03:04:05Z",
    renewed: "2026-01-02T03:04:05.123456Z",
    interval: "1h0m0s",
    port: 8080,
    surge: "25%",
    negativeIntOrString: -3,
    memory: "128Mi",
    payload: Buffer.from("hello\u0000world").toString("base64"),
    embedded: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } },
    ratio: 0.25,
    small: -7,
    big: -9007199254740991,
    counts: [1, 0, -1, 2147483647],
    weights: [0.5, 0],
    flags: [true, false],
    extra: { groups: ["a", "b"], empty: [] },
    limits: { cpu: "500m", memory: "1Gi" },
    managed: [
      {
        manager: "kubectl",
        operation: "Update",
        time: "2026-01-02T03:04:05Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { ".": {}, "f:a": {} } },
      },
    ],
    emptyDir: {},
    name: "scratch",
    tags: ["a", ""],
  };
  const body = encodeKubeProtobuf(obj, Everything);
  const got = ok(decodeKubeProtobuf(body, () => Everything));
  assert.deepEqual(got, obj);
});

test("packed repeated scalars decode like unpacked ones", () => {
  const w = pb.Writer.create();
  w.uint32((14 << 3) | 2).fork();
  w.int32(1).int32(-2).int32(300);
  w.ldelim();
  w.uint32((16 << 3) | 2).fork();
  w.bool(true).bool(false);
  w.ldelim();
  w.uint32(14 << 3).int32(4);
  const got = ok(
    decodeKubeProtobuf(writeEnvelope("example.k8s.io/v1", "Everything", w.finish()), () => Everything),
  );
  assert.deepEqual(got.counts, [1, -2, 300, 4]);
  assert.deepEqual(got.flags, [true, false]);
});

test("a preserve-unknown-fields shortcut has no field numbers and is skipped, the rest decodes", () => {
  const w = pb.Writer.create();
  w.uint32((20 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string("lost");
  w.ldelim();
  w.uint32((12 << 3) | 0).int32(5);
  const got = ok(
    decodeKubeProtobuf(writeEnvelope("example.k8s.io/v1", "Everything", w.finish()), () => Everything),
  );
  assert.deepEqual(got, { apiVersion: "example.k8s.io/v1", kind: "Everything", small: 5 });
});

test("zero values: optional ones dropped, map values and list items kept, empty messages kept, zero Time dropped", () => {
  const w = pb.Writer.create();
  w.uint32((1 << 3) | 2).fork(); // metadata, as gogo writes an empty ObjectMeta
  for (const no of [1, 2, 3, 4, 5, 6]) w.uint32((no << 3) | 2).string("");
  w.uint32(7 << 3).int64(0);
  w.uint32((8 << 3) | 2)
    .fork()
    .ldelim(); // creationTimestamp: empty Time
  w.ldelim();
  w.uint32((2 << 3) | 2).fork(); // created: Time {seconds: 0, nanos: 0}
  w.uint32(1 << 3).int64(0);
  w.uint32(2 << 3).int32(0);
  w.ldelim();
  w.uint32(12 << 3).int32(0); // small: 0
  w.uint32((14 << 3) | 0).int32(0); // counts: [0]
  w.uint32((17 << 3) | 2).fork(); // extra: {"k": []} as an entry without value
  w.uint32((1 << 3) | 2).string("k");
  w.ldelim();
  w.uint32((18 << 3) | 2).fork(); // limits: {"cpu": <no value>}
  w.uint32((1 << 3) | 2).string("cpu");
  w.ldelim();
  w.uint32((21 << 3) | 2).fork(); // inline group with an empty emptyDir
  w.uint32((1 << 3) | 2)
    .fork()
    .ldelim();
  w.uint32((2 << 3) | 2).string("");
  w.ldelim();
  const got = ok(
    decodeKubeProtobuf(writeEnvelope("example.k8s.io/v1", "Everything", w.finish()), () => Everything),
  );
  assert.deepEqual(got, {
    apiVersion: "example.k8s.io/v1",
    kind: "Everything",
    metadata: {},
    counts: [0],
    extra: { k: [] },
    limits: { cpu: "0" },
    emptyDir: {},
  });
});

test("a RawExtension holding a protobuf object is decoded through the same lookup", () => {
  const inner = encodeKubeProtobuf(
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "in" }, data: { k: "v" } },
    lookup("v1", "ConfigMap") as TSchema,
  );
  const w = pb.Writer.create();
  w.uint32((10 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).bytes(inner);
  w.ldelim();
  const got = ok(
    decodeKubeProtobuf(writeEnvelope("example.k8s.io/v1", "Everything", w.finish()), (v, k) =>
      k === "Everything" ? Everything : lookup(v, k),
    ),
  );
  assert.deepEqual(got.embedded, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "in" },
    data: { k: "v" },
  });
});

test("the SSAR schema re-encodes what it decoded (encoder writes present fields only)", () => {
  const obj = ok(decodeKubeProtobuf(hex(captured.selfsubjectaccessreview.protobuf), lookup));
  const again = ok(decodeKubeProtobuf(encodeKubeProtobuf(obj, SelfSubjectAccessReview), lookup));
  assert.deepEqual(again, obj);
});
