import { test } from "node:test";
import assert from "node:assert/strict";
import { EventRecorder, maxQueuedEvents, type CoreEvent } from "./recorder.js";
import type { ResourceClient } from "../rest/client.js";

/** An events client that holds every create until released, counting what it was asked. */
function heldEvents() {
  const created: CoreEvent[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const client = {
    create: async (_ns: string, ev: CoreEvent) => {
      await gate;
      created.push(ev);
      return { ...ev, metadata: { ...ev.metadata, resourceVersion: "1" } };
    },
    patch: async (_ns: string, _name: string, _t: string, p: Partial<CoreEvent>) => ({ ...created[0], ...p }),
  } as unknown as ResourceClient<CoreEvent>;
  return { client, created, release };
}

const pod = (i: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { namespace: "default", name: `p${i}`, uid: `u${i}` },
});

test("at most maxQueuedEvents wait to be written; the rest are dropped, not queued", async () => {
  const h = heldEvents();
  const r = new EventRecorder({ events: h.client, component: "test" });
  for (let i = 0; i < maxQueuedEvents + 250; i++) r.event(pod(i), "Normal", "Scheduled", `pod ${i}`);
  assert.equal(r.dropped, 250);
  h.release();
  await r.flush();
  assert.equal(h.created.length, maxQueuedEvents);
  // once drained, events are accepted again
  r.event(pod(0), "Normal", "Other", "again");
  await r.flush();
  assert.equal(h.created.length, maxQueuedEvents + 1);
});

test("a fieldPath is part of the event's reference and keeps container events apart", async () => {
  const h = heldEvents();
  h.release();
  const r = new EventRecorder({ events: h.client, component: "kubelet", host: "n1" });
  r.event({ ...pod(1), fieldPath: "spec.containers{a}" }, "Normal", "Started", "Started container x");
  r.event({ ...pod(1), fieldPath: "spec.containers{b}" }, "Normal", "Started", "Started container x");
  await r.flush();
  assert.deepEqual(
    h.created.map((e) => e.involvedObject.fieldPath),
    ["spec.containers{a}", "spec.containers{b}"],
  );
});
