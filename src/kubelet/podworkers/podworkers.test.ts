import { test } from "node:test";
import assert from "node:assert/strict";
import { PodWorkers } from "./podworkers.js";
import { silentLogger } from "../../client/log.js";

test("one sync at a time per pod; updates during a sync fold into one more", async () => {
  let active = 0;
  let maxActive = 0;
  let syncs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const w = new PodWorkers(async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    syncs++;
    if (syncs === 1) await gate;
    active--;
  }, silentLogger);
  w.update("a");
  w.update("a");
  w.update("a");
  release();
  for (let i = 0; i < 100 && syncs < 2; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  await w.stop();
  assert.equal(maxActive, 1);
  assert.equal(syncs, 2);
});

test("a sync that reports done removes the worker; a failing sync does not stop others", async () => {
  const seen: string[] = [];
  const w = new PodWorkers((uid) => {
    seen.push(uid);
    if (uid === "bad") return Promise.reject(new Error("boom"));
    return Promise.resolve({ done: true });
  }, silentLogger);
  w.update("good");
  w.update("bad");
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.sort(), ["bad", "good"]);
  assert.equal(w.has("good"), false);
  assert.equal(w.has("bad"), true);
  await w.stop();
});
