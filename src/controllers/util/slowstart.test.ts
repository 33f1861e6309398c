import { test } from "node:test";
import assert from "node:assert/strict";
import { slowStartBatch } from "./slowstart.js";

test("slowStartBatch runs batches of 1, 2, 4, ... and counts successes", async () => {
  const batches: number[] = [];
  let inBatch = 0;
  const r = await slowStartBatch(10, 1, async () => {
    inBatch++;
    await Promise.resolve();
    if (inBatch > 0) {
      batches.push(inBatch);
      inBatch = 0;
    }
  });
  assert.deepEqual(r, { successes: 10 });
  assert.deepEqual(batches, [1, 2, 4, 3]);
});

test("slowStartBatch stops after the first batch with a failure", async () => {
  let calls = 0;
  const r = await slowStartBatch(100, 1, async () => {
    calls++;
    if (calls === 5) throw new Error("quota exceeded");
  });
  // Batches 1, 2 succeed; the batch of 4 has one failure; nothing after it runs.
  assert.equal(calls, 7);
  assert.equal(r.successes, 6);
  assert.equal((r.error as Error).message, "quota exceeded");
});

test("slowStartBatch with zero calls does nothing", async () => {
  let calls = 0;
  assert.deepEqual(await slowStartBatch(0, 1, async () => void calls++), { successes: 0 });
  assert.equal(calls, 0);
});
