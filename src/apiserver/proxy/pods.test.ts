import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../errors.js";
import { logContainer, streamContainer } from "./pods.js";
import { createServer } from "node:net";
import { once } from "node:events";
import { generateCa } from "../pki/pki.js";
import { dialKubelet, kubeletGet, kubeletLocation } from "./kubelet.js";

const pod = (containers: string[], init: string[] = []) => ({
  metadata: { name: "web" },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
});

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 400);
    return e.message;
  }
  return "no error";
};

test("the container of a log, exec or attach request, with upstream's messages", () => {
  assert.equal(logContainer(pod(["a"]), ""), "a");
  assert.equal(logContainer(pod(["a", "b"], ["i"]), "i"), "i");
  assert.equal(
    message(() => logContainer(pod(["a", "b"]), "")),
    "a container name must be specified for pod web, choose one of: [a b]",
  );
  assert.equal(
    message(() => logContainer(pod(["a", "b"], ["i"]), "")),
    "a container name must be specified for pod web, choose one of: [i a b]",
  );
  assert.equal(
    message(() => logContainer(pod(["a"]), "x")),
    "container x is not valid for pod web",
  );
  assert.equal(
    message(() => streamContainer(pod(["a", "b"], ["i"]), "")),
    "a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]",
  );
  assert.equal(
    message(() => streamContainer(pod([]), "")),
    "a container name must be specified for pod web",
  );
});

test("kubelet location: InternalIP first, the advertised port, 10250 by default", () => {
  const node = (addresses: { type: string; address: string }[], port?: number) => ({
    status: { addresses, ...(port ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}) },
  });
  assert.deepEqual(
    kubeletLocation(
      node(
        [
          { type: "Hostname", address: "n1" },
          { type: "InternalIP", address: "10.0.0.2" },
        ],
        12345,
      ),
    ),
    { host: "10.0.0.2", port: 12345 },
  );
  assert.deepEqual(kubeletLocation(node([{ type: "Hostname", address: "n1" }])), { host: "n1", port: 10250 });
  assert.throws(() => kubeletLocation(node([])), /no preferred addresses found/);
});

test("an unreachable kubelet is a reason-less 500 in Go's words", async () => {
  const srv = createServer().listen(0, "127.0.0.1");
  await once(srv, "listening");
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  const cfg = await generateCa("test");
  const loc = { host: "127.0.0.1", port };
  const err = await kubeletGet(cfg, loc, "/containerLogs/default/web/web").then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof StatusError);
  assert.equal(err.code, 500);
  assert.equal(err.status.reason, undefined);
  assert.equal(
    err.message,
    `Get "https://127.0.0.1:${port}/containerLogs/default/web/web": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
  const dial = await dialKubelet(cfg, loc).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(dial instanceof StatusError);
  assert.equal(
    dial.message,
    `error dialing backend: dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
});
