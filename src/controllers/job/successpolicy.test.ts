import { test } from "node:test";
import assert from "node:assert/strict";
import { matchSuccessPolicy } from "./successpolicy.js";
import { parseIndexes } from "./indexes.js";

test("success policy rules", () => {
  const ok = (rules: any[], succeeded: string) =>
    matchSuccessPolicy({ rules }, 10, parseIndexes(succeeded, 10));
  assert.equal(ok([{ succeededIndexes: "0-2" }], "0,1"), undefined);
  assert.equal(ok([{ succeededIndexes: "0-2" }], "0-3"), "Matched rules at index 0");
  assert.equal(
    ok([{ succeededIndexes: "0,5-7" }, { succeededIndexes: "0-9", succeededCount: 3 }], "1,3,8"),
    "Matched rules at index 1",
  );
  assert.equal(ok([{ succeededIndexes: "4-9", succeededCount: 2 }], "0-3,9"), undefined);
  assert.equal(ok([{ succeededCount: 2 }], "3,7"), "Matched rules at index 0");
  assert.equal(ok([{ succeededCount: 2 }], ""), undefined);
  assert.equal(matchSuccessPolicy(undefined, 10, parseIndexes("0-9", 10)), undefined);
});
