import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultRuntime } from "./select.js";

test("the default runtime says why", () => {
  const missing = defaultRuntime("/no/such/runc");
  assert.equal(missing.name, "process");
  assert.match(missing.reason, /not isolated/);
  const here = defaultRuntime();
  assert.ok(here.name === "runc" || /not isolated/.test(here.reason), JSON.stringify(here));
});
