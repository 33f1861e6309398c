import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_CAPABILITIES, effectiveCapabilities, hostBoundingCapabilities } from "./capabilities.js";

test("default set, add/drop, drop ALL, privileged", () => {
  assert.equal(effectiveCapabilities({}).length, DEFAULT_CAPABILITIES.length);
  const c = effectiveCapabilities({ add: ["NET_ADMIN", "CAP_SYS_TIME"], drop: ["net_raw"] });
  assert.ok(c.includes("CAP_NET_ADMIN") && c.includes("CAP_SYS_TIME") && !c.includes("CAP_NET_RAW"));
  assert.deepEqual(effectiveCapabilities({ drop: ["ALL"], add: ["KILL"] }), ["CAP_KILL"]);
  assert.ok(effectiveCapabilities({ privileged: true, drop: ["ALL"] }).includes("CAP_SYS_ADMIN"));
  assert.deepEqual(effectiveCapabilities({ add: ["NOT_A_CAP"], drop: ["ALL"] }), []);
});

test("the host's bounding set limits what a container gets", () => {
  assert.deepEqual(effectiveCapabilities({ privileged: true, bounding: ["KILL", "CHOWN"] }), [
    "CAP_KILL",
    "CAP_CHOWN",
  ]);
  assert.deepEqual(effectiveCapabilities({ add: ["SYS_ADMIN"], drop: ["ALL"], bounding: ["KILL"] }), []);
  assert.ok(hostBoundingCapabilities().includes("CHOWN"));
});
