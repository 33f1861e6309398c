import { test } from "node:test";
import assert from "node:assert/strict";
import { Type } from "@sinclair/typebox";
import { Struct, Quantity, IntOrString, Time, Int32, MapList } from "../../api/schema.js";
import { SchemaCompiler, decodeTyped, goTypeName } from "./typed.js";

const Container = Struct(
  {
    name: Type.String(),
    image: Type.String(),
    ports: MapList(
      Struct({ containerPort: Int32() }, { $id: "io.k8s.api.core.v1.ContainerPort", "x-proto": {} }),
      ["containerPort"],
    ),
  },
  { $id: "io.k8s.api.core.v1.Container", "x-proto": {}, required: ["name"] },
);
const Spec = Struct(
  {
    replicas: Int32(),
    paused: Type.Boolean(),
    containers: Type.Array(Container),
    labels: Type.Record(Type.String(), Type.String()),
    limits: Type.Record(Type.String(), Quantity()),
    maxSurge: IntOrString(),
    at: Time(),
    extra: Type.Unsafe({ type: "object", "x-kubernetes-preserve-unknown-fields": true }),
  },
  { $id: "io.k8s.api.apps.v1.DeploymentSpec", "x-proto": {} },
);
const Root = Struct({ spec: Spec }, { $id: "io.k8s.api.apps.v1.Deployment", "x-proto": {} });
const c = new SchemaCompiler();
c.register(Root);
const node = c.compile(Root);
const decode = (v: unknown) => decodeTyped(v, node);

test("type errors read as Go's json.UnmarshalTypeError", () => {
  assert.equal(
    decode({ spec: { replicas: "3" } }).error,
    "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
  );
  assert.equal(
    decode({ spec: { replicas: 1.5 } }).error,
    "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
  );
  assert.equal(
    decode({ spec: { replicas: 3e9 } }).error,
    "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32",
  );
  assert.equal(
    decode({ spec: "x" }).error,
    "json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec",
  );
  assert.equal(
    decode({ spec: { containers: ["x"] } }).error,
    "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.containers of type v1.Container",
  );
  assert.equal(
    decode({ spec: { containers: [{ name: 1 }] } }).error,
    "json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
  );
  assert.equal(
    decode({ spec: { labels: { a: true } } }).error,
    "json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.labels of type string",
  );
  assert.equal(
    decode({ spec: { paused: "yes" } }).error,
    "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool",
  );
  assert.equal(
    decode({ spec: { maxSurge: true } }).error,
    "json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.maxSurge of type int32",
  );
  assert.match(
    decode({ spec: { limits: { cpu: "lots" } } }).error!,
    /^quantities must match the regular expression/,
  );
  assert.equal(
    decode({ spec: { at: "yesterday" } }).error,
    'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
  );
  assert.equal(
    decode({ spec: { containers: [{ name: "a", ports: [{ containerPort: [] }] }] } }).error,
    "json: cannot unmarshal array into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
  );
});

test("unknown fields are removed and reported with sigs.k8s.io/json's paths", () => {
  const v = {
    spec: { foo: 1, containers: [{ name: "a", bar: 2 }], extra: { anything: { goes: true } } },
    top: 1,
  };
  const r = decode(v);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.unknown, ["spec.foo", "spec.containers[0].bar", "top"]);
  assert.deepEqual(r.value, { spec: { containers: [{ name: "a" }], extra: { anything: { goes: true } } } });
});

test("null means unset; empty optional lists and maps are omitted (omitempty)", () => {
  const r = decode({
    spec: { replicas: null, labels: {}, containers: [], limits: { cpu: "1" }, maxSurge: "25%" },
  });
  assert.deepEqual(r.value, { spec: { limits: { cpu: "1" }, maxSurge: "25%" } });
  const nulls = decode({ spec: { labels: { a: null } } });
  assert.deepEqual(nulls.value, { spec: { labels: { a: "" } } });
});

test("Go type names from $ids", () => {
  assert.equal(goTypeName("io.k8s.api.apps.v1.DeploymentSpec"), "v1.DeploymentSpec");
  assert.equal(goTypeName("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), "v1.ObjectMeta");
});
