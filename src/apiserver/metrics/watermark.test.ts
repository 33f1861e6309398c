import { test } from "node:test";
import assert from "node:assert/strict";
import { Watermark } from "./watermark.js";

test("the gauge shows the highest count admitted in the last whole second", () => {
  const w = new Watermark(0);
  assert.equal(w.read(500), 0);
  w.admit(100);
  w.admit(200);
  w.admit(300); // three at once
  w.release();
  w.release();
  assert.equal(w.read(900), 0, "the window is still open");
  assert.equal(w.read(1000), 3);
  assert.equal(w.read(1999), 3);
  // one still executes, but nothing was admitted in [1000, 2000): upstream's mark starts from zero
  assert.equal(w.read(2000), 0);
  w.admit(2100); // the one still running is counted by this admission
  assert.equal(w.read(2500), 0);
  assert.equal(w.read(3100), 2);
  // idle for several seconds
  assert.equal(w.read(9000), 0);
});

test("windows stay aligned when they are closed late", () => {
  const w = new Watermark(0);
  w.admit(10);
  w.release();
  w.admit(1500); // closes [0, 1000) late; this admission belongs to [1000, 2000)
  assert.equal(w.read(1600), 1);
  assert.equal(w.read(2000), 1);
  w.release();
  assert.equal(w.read(3000), 0);
});
