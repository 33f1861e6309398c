import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import {
  secrets,
  type Secret,
  mergeStringData,
  prepareSecretForCreate,
  prepareSecretForUpdate,
} from "./secret.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

if (!FormatRegistry.Has("byte")) FormatRegistry.Set("byte", (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v));

const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (extra: Partial<Secret>): Secret => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "default" },
  ...extra,
});

test("stringData is merged into data (overwriting) and dropped; type defaults to Opaque", () => {
  const s = secret({ data: { a: b64("old"), keep: b64("k") }, stringData: { a: "new", "b.txt": "héllo" } });
  secrets.defaults!(s);
  assert.deepEqual(s, {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s", namespace: "default" },
    data: { a: b64("new"), keep: b64("k"), "b.txt": b64("héllo") },
    type: "Opaque",
  });
  // The exported prepare functions do the same conversion (idempotent on converted objects).
  const c = secret({ stringData: { x: "1" } });
  prepareSecretForCreate(c);
  assert.deepEqual(c.data, { x: b64("1") });
  const u = secret({ data: { x: b64("1") }, stringData: { x: "2" } });
  prepareSecretForUpdate(u);
  assert.deepEqual(u.data, { x: b64("2") });
  assert.equal(u.stringData, undefined);
  const empty = secret({ stringData: {} });
  mergeStringData(empty);
  assert.deepEqual(empty, secret({}));
});

test("validation per type as ValidateSecret", () => {
  const cases: { name: string; s: Secret; want: string[] }[] = [
    { name: "opaque", s: secret({ type: "Opaque", data: { "a.b": b64("x") } }), want: [] },
    {
      name: "tls needs both keys",
      s: secret({ type: "kubernetes.io/tls", data: { "tls.crt": b64("cert") } }),
      want: ["data[tls.key]: Required value"],
    },
    {
      name: "dockerconfigjson must be present",
      s: secret({ type: "kubernetes.io/dockerconfigjson", data: {} }),
      want: ["data[.dockerconfigjson]: Required value"],
    },
    {
      name: "dockerconfigjson must be a JSON object",
      s: secret({ type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64("[1]") } }),
      want: [
        'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
    },
    {
      name: "dockerconfigjson truncated",
      s: secret({ type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64('{"auths":') } }),
      want: [
        'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input',
      ],
    },
    {
      name: "valid dockercfg",
      s: secret({
        type: "kubernetes.io/dockercfg",
        data: { ".dockercfg": b64('{"reg.local":{"auth":"eDp5"}}') },
      }),
      want: [],
    },
    {
      name: "basic auth needs a username or password",
      s: secret({ type: "kubernetes.io/basic-auth", data: {} }),
      want: ["data[username]: Required value", "data[password]: Required value"],
    },
    {
      name: "basic auth with an empty password is fine",
      s: secret({ type: "kubernetes.io/basic-auth", data: { password: "" } }),
      want: [],
    },
    {
      name: "ssh key must not be empty",
      s: secret({ type: "kubernetes.io/ssh-auth", data: { "ssh-privatekey": "" } }),
      want: ["data[ssh-privatekey]: Required value"],
    },
    {
      name: "service account token needs the account name",
      s: secret({ type: "kubernetes.io/service-account-token" }),
      want: ["metadata.annotations[kubernetes.io/service-account.name]: Required value"],
    },
    {
      name: "bad key and too big",
      s: secret({ data: { "a b": b64("x"), big: Buffer.alloc(1024 * 1024).toString("base64") } }),
      want: [
        "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        "data: Too long: may not be more than 1048576 bytes",
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(secrets.validate!(c.s).map(errorString), c.want, c.name);
});

test("update: type is immutable, immutable secrets keep their data", () => {
  const old = secret({ type: "Opaque", immutable: true, data: { a: b64("1") } });
  assert.deepEqual(
    secrets.validateUpdate!(secret({ type: "Opaque", immutable: true, data: { a: b64("1") } }), old),
    [],
  );
  assert.deepEqual(
    secrets.validateUpdate!(secret({ type: "kubernetes.io/tls", data: { a: b64("2") } }), old).map(
      errorString,
    ),
    [
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
      "data[tls.crt]: Required value",
      "data[tls.key]: Required value",
    ],
  );
});

test("field selector, columns and schema", () => {
  const s = secret({ type: "kubernetes.io/tls", data: { "tls.crt": b64("c"), "tls.key": b64("k") } });
  s.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  assert.equal(secrets.fieldSelectors!.type(s), "kubernetes.io/tls");
  const now = Date.parse("2026-01-01T00:03:20Z");
  assert.deepEqual(
    secrets.printerColumns!.map((c) => [c.name, c.cell(s, now)]),
    [
      ["Name", "s"],
      ["Type", "kubernetes.io/tls"],
      ["Data", 2],
      ["Age", "3m20s"],
    ],
  );
  assert.ok(Value.Check(secrets.schema, s));
  assert.ok(Value.Check(secrets.schema, secret({ stringData: { password: "p" } })));
  assert.equal(Value.Check(secrets.schema, { ...s, strinData: {} }), false);
});
