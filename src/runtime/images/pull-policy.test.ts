import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backOffPullingMessage,
  failedToPullMessage,
  invalidImageNameMessage,
  neverPullMessage,
  shouldPullImage,
} from "./pull-policy.js";

test("imagePullPolicy decides as the kubelet does", () => {
  const cases: [Parameters<typeof shouldPullImage>[0], boolean, boolean][] = [
    ["Always", true, true],
    ["Always", false, true],
    ["IfNotPresent", true, false],
    ["IfNotPresent", false, true],
    ["Never", true, false],
    ["Never", false, false],
  ];
  for (const [policy, present, want] of cases)
    assert.equal(shouldPullImage(policy, present), want, `${policy} present=${present}`);
});

test("messages carry the kubelet's wording", () => {
  assert.equal(backOffPullingMessage("nope:1"), 'Back-off pulling image "nope:1"');
  assert.equal(
    neverPullMessage("busybox"),
    'Container image "busybox" is not present with pull policy of Never',
  );
  assert.equal(
    failedToPullMessage("x", "rpc error: code = NotFound desc = y"),
    'Failed to pull image "x": rpc error: code = NotFound desc = y',
  );
  assert.equal(
    invalidImageNameMessage("A B", "invalid reference format"),
    'Failed to apply default image tag "A B": couldn\'t parse image reference "A B": invalid reference format',
  );
});
