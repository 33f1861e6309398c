import { test } from "node:test";
import assert from "node:assert/strict";
import { heartbeatDue, nextRenewal } from "./heartbeat.js";

const base = { nextRenewAt: 10_000, lastStatusReportAt: 0, alive: true, busy: false };

test("the lease is due at its renewal time; status when changed or after the report period", () => {
  assert.deepEqual(heartbeatDue(base, 9_999, false, 300_000), { renewLease: false, postStatus: false });
  assert.deepEqual(heartbeatDue(base, 10_000, false, 300_000), { renewLease: true, postStatus: false });
  assert.deepEqual(heartbeatDue(base, 5_000, true, 300_000), { renewLease: false, postStatus: true });
  assert.deepEqual(heartbeatDue(base, 300_000, false, 300_000), { renewLease: true, postStatus: true });
});

test("a stopped or busy kubelet owes nothing", () => {
  assert.deepEqual(heartbeatDue({ ...base, alive: false }, 1e9, true, 1), {
    renewLease: false,
    postStatus: false,
  });
  assert.deepEqual(heartbeatDue({ ...base, busy: true }, 1e9, true, 1), {
    renewLease: false,
    postStatus: false,
  });
});

test("renewals are one interval apart plus up to 4% jitter", () => {
  assert.equal(nextRenewal(1000, 10_000, 0), 11_000);
  assert.equal(nextRenewal(1000, 10_000, 0.5), 11_200);
  assert.ok(nextRenewal(1000, 10_000, 0.9999) < 11_400);
});
