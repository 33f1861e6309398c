import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanPath } from "./path.js";

test("cleanPath is Go's path.Clean (its documented examples)", () => {
  const cases: [string, string][] = [
    ["a/c", "a/c"],
    ["a//c", "a/c"],
    ["a/c/.", "a/c"],
    ["a/c/b/..", "a/c"],
    ["/../a/c", "/a/c"],
    ["/../a/b/../././/c", "/a/c"],
    ["", "."],
    ["/", "/"],
    ["..", ".."],
    ["../../a", "../../a"],
    ["a/../..", ".."],
    ["/a/", "/a"],
  ];
  for (const [input, want] of cases) assert.equal(cleanPath(input), want, input);
});
