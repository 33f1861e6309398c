import { test } from "node:test";
import assert from "node:assert/strict";
import { imagePullPolicyFor, applyResourceListDefaults } from "./volume-defaults.js";

test("image pull policy: Always for :latest or no tag, IfNotPresent otherwise", () => {
  const cases: [string, string][] = [
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["registry.local:5000/app", "Always"],
    ["registry.local:5000/app:v1", "IfNotPresent"],
    ["nginx:1.25", "IfNotPresent"],
    ["nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "IfNotPresent"],
    ["nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "Always"],
    ["", "IfNotPresent"],
  ];
  for (const [image, want] of cases) assert.equal(imagePullPolicyFor(image), want, image);
});

test("resource lists: finer than milli rounds up to milli, the rest is untouched", () => {
  const list: Record<string, string | number> = {
    cpu: "100u",
    memory: "1Gi",
    a: "1.0001",
    b: "250m",
    c: "1500u",
  };
  applyResourceListDefaults(list);
  assert.deepEqual(list, { cpu: "1m", memory: "1Gi", a: "1001m", b: "250m", c: "2m" });
});
