import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { once } from "node:events";
import { Informer } from "./informer.js";
import { RestClient, type ResourceClient, type ObjectList, type Watch } from "../rest/client.js";
import type { KubeObject } from "../../api/meta/v1/types.js";

const gvr = { group: "", version: "v1", resource: "configmaps", namespaced: true };

test("an informer whose server is down stops during its back-off, with no further requests", async () => {
  // a server that drops every connection: each list fails and the informer backs off (800 ms first)
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const client = new RestClient({ server: `https://127.0.0.1:${(server.address() as AddressInfo).port}` });
  const stop = new AbortController();
  let failures = 0;
  let backoffElapsed!: Promise<string>;
  const informer = new Informer<KubeObject>(client.resource(gvr), {
    onError: () => {
      if (++failures > 1) return;
      // The informer starts its first back-off (800 ms) right after this returns. A timer of the same length
      // started first fires first, so run() wins the race below only if the stop cut the back-off short.
      backoffElapsed = new Promise((r) => setTimeout(() => r("back-off elapsed"), 800).unref());
      setImmediate(() => stop.abort());
    },
  });
  try {
    const run = informer.run(stop.signal);
    await once(stop.signal, "abort");
    const atAbort = connections;
    assert.equal(await Promise.race([run.then(() => "stopped"), backoffElapsed]), "stopped");
    assert.equal(failures, 1);
    assert.equal(connections, atAbort, "no request after the stop");
    assert.equal(informer.hasSynced(), false);
  } finally {
    client.close();
    server.close();
  }
});

/** A ResourceClient whose list and watch answer when the test says. */
function controlledClient() {
  const calls = { list: 0, watch: 0, watchStopped: 0 };
  let answerList!: (l: ObjectList<KubeObject>) => void;
  let answerWatch!: (w: Watch<KubeObject>) => void;
  const client = {
    gvr,
    list: () => {
      calls.list++;
      return new Promise<ObjectList<KubeObject>>((r) => (answerList = r));
    },
    watch: () => {
      calls.watch++;
      return new Promise<Watch<KubeObject>>((r) => (answerWatch = r));
    },
  } as unknown as ResourceClient<KubeObject>;
  const stream = (): Watch<KubeObject> => {
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    return {
      stop: () => {
        calls.watchStopped++;
        end();
      },
      async *[Symbol.asyncIterator]() {
        await ended;
      },
    };
  };
  return {
    client,
    calls,
    answerList: () => answerList({ metadata: { resourceVersion: "5" }, items: [] }),
    answerWatch: () => answerWatch(stream()),
  };
}

test("an informer stopped while its list is under way does not go on to watch", async () => {
  const c = controlledClient();
  const stop = new AbortController();
  const run = new Informer<KubeObject>(c.client).run(stop.signal);
  await new Promise((r) => setImmediate(r));
  assert.equal(c.calls.list, 1);
  stop.abort();
  c.answerList();
  await run;
  assert.deepEqual(c.calls, { list: 1, watch: 0, watchStopped: 0 });
});

test("an informer stopped while its watch request is under way stops the watch it gets", async () => {
  const c = controlledClient();
  const stop = new AbortController();
  const informer = new Informer<KubeObject>(c.client);
  const run = informer.run(stop.signal);
  await new Promise((r) => setImmediate(r));
  c.answerList();
  await informer.waitForSync();
  await new Promise((r) => setImmediate(r));
  assert.equal(c.calls.watch, 1);
  stop.abort();
  c.answerWatch();
  // without the check after the watch request, the stream would never end and run() never resolve
  await run;
  assert.deepEqual(c.calls, { list: 1, watch: 1, watchStopped: 1 });
});
