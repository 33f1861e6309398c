import { test } from "node:test";
import assert from "node:assert/strict";
import { LeaseManager } from "./lease-manager.js";

function manager() {
  let now = 1_000_000;
  const granted: number[] = [];
  const leases = new LeaseManager({
    grant: async (ttl) => {
      granted.push(ttl);
      return `lease-${granted.length}`;
    },
    now: () => now,
  });
  return { leases, granted, advance: (ms: number) => (now += ms) };
}

test("a lease is granted with 5% extra TTL, capped at 60 s", async () => {
  const { leases, granted } = manager();
  await leases.lease(3600);
  await leases.lease(3600);
  assert.deepEqual(granted, [3660]);
  const small = manager();
  await small.leases.lease(100);
  assert.deepEqual(small.granted, [105]);
});

test("a lease is reused while it covers the TTL within the slack, then replaced", async () => {
  const { leases, granted, advance } = manager();
  assert.equal(await leases.lease(3600), "lease-1");
  advance(59_000);
  assert.equal(await leases.lease(3600), "lease-1"); // expires 1 s after this key's TTL: close enough
  advance(2_000);
  assert.equal(await leases.lease(3600), "lease-2"); // would expire before this key's TTL
  assert.equal(await leases.lease(60), "lease-3"); // would outlive a short TTL by far more than the slack
  assert.deepEqual(granted, [3660, 3660, 63]);
});

test("concurrent writes wait for one grant", async () => {
  const { leases, granted } = manager();
  const ids = await Promise.all([leases.lease(3600), leases.lease(3600), leases.lease(3600)]);
  assert.deepEqual(ids, ["lease-1", "lease-1", "lease-1"]);
  assert.deepEqual(granted, [3660]);
});

test("fractional TTLs round up to whole seconds", async () => {
  const { leases, granted } = manager();
  await leases.lease(0.2);
  assert.deepEqual(granted, [1]);
});
