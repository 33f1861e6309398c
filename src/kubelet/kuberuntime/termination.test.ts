import { test } from "node:test";
import assert from "node:assert/strict";
import { tailOfCriLog } from "./termination.js";

test("the fallback message is the log's last lines, at most the byte limit", () => {
  const log = [
    "2026-01-01T00:00:00.000000000Z stdout F one",
    "2026-01-01T00:00:00.000000000Z stderr P tw",
    "2026-01-01T00:00:00.000000000Z stderr F o",
    "2026-01-01T00:00:00.000000000Z stdout F three",
    "",
  ].join("\n");
  assert.equal(tailOfCriLog(log, 80, 2048), "one\ntwo\nthree\n");
  assert.equal(tailOfCriLog(log, 2, 2048), "two\nthree\n");
  assert.equal(tailOfCriLog(log, 80, 4), "ree\n");
  assert.equal(tailOfCriLog("", 80, 2048), "");
});
