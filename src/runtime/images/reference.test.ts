import { test } from "node:test";
import assert from "node:assert/strict";
import { familiarName, normalizeReference, parseReference } from "./reference.js";

test("references normalize as upstream", () => {
  const cases: [string, string | undefined][] = [
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.35", "docker.io/library/busybox:1.35"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["someone/app:v1", "docker.io/someone/app:v1"],
    ["index.docker.io/library/nginx", "docker.io/library/nginx:latest"],
    ["localhost/app", "localhost/app:latest"],
    ["127.0.0.1:5000/team/app:2.0", "127.0.0.1:5000/team/app:2.0"],
    ["quay.io/coreos/etcd:v3.5.0", "quay.io/coreos/etcd:v3.5.0"],
    [`busybox@sha256:${"a".repeat(64)}`, `docker.io/library/busybox@sha256:${"a".repeat(64)}`],
    [`busybox:1.35@sha256:${"b".repeat(64)}`, `docker.io/library/busybox:1.35@sha256:${"b".repeat(64)}`],
    ["", undefined],
    ["Busybox", undefined],
    ["busybox:", undefined],
    ["bad name", undefined],
    ["busybox@sha256:abc", undefined],
    ["-lead/app", undefined],
  ];
  for (const [input, want] of cases) assert.equal(normalizeReference(input), want, input);
});

test("parse errors carry upstream's wording", () => {
  assert.deepEqual(parseReference("Busybox"), {
    ok: false,
    message: "invalid reference format: repository name must be lowercase",
  });
  assert.deepEqual(parseReference("team/App"), {
    ok: false,
    message: "invalid reference format: repository name must be lowercase",
  });
  // an uppercase first component is a registry host, as upstream reads it
  assert.equal(normalizeReference("UPPER/app"), "UPPER/app:latest");
  assert.deepEqual(parseReference("a b"), { ok: false, message: "invalid reference format" });
});

test("familiar names drop docker.io/library", () => {
  const r = parseReference("busybox:1.35");
  assert.ok(r.ok);
  assert.equal(familiarName(r.ref), "busybox");
  const q = parseReference("127.0.0.1:5000/x/y");
  assert.ok(q.ok);
  assert.equal(familiarName(q.ref), "127.0.0.1:5000/x/y");
});
