// A test double of the runtime's two list calls (a unit test of the relist diff).
import { test } from "node:test";
import assert from "node:assert/strict";
import { GenericPLEG } from "./generic.js";
import { silentLogger } from "../../client/log.js";
import type { Container, PodSandbox, RuntimeService } from "../../runtime/cri.js";

test("relist reports the pods whose sandboxes or containers changed state, appeared or went", async () => {
  let sandboxes: Partial<PodSandbox>[] = [
    { id: "s1", state: "SANDBOX_READY", labels: { "io.kubernetes.pod.uid": "a" } },
  ];
  let containers: Partial<Container>[] = [
    { id: "c1", state: "CONTAINER_RUNNING", labels: { "io.kubernetes.pod.uid": "a" } },
    { id: "c2", state: "CONTAINER_RUNNING", labels: { "io.kubernetes.pod.uid": "b" } },
  ];
  const runtime = {
    listPodSandbox: () => Promise.resolve(sandboxes),
    listContainers: () => Promise.resolve(containers),
  } as unknown as RuntimeService;
  const pleg = new GenericPLEG(runtime, () => undefined, silentLogger);
  assert.deepEqual([...(await pleg.relist())].sort(), ["a", "b"]);
  assert.deepEqual([...(await pleg.relist())], []);
  containers = [
    { id: "c1", state: "CONTAINER_RUNNING", labels: { "io.kubernetes.pod.uid": "a" } },
    { id: "c2", state: "CONTAINER_EXITED", labels: { "io.kubernetes.pod.uid": "b" } },
  ];
  assert.deepEqual([...(await pleg.relist())], ["b"]);
  sandboxes = [];
  containers = containers.filter((c) => c.id !== "c1");
  assert.deepEqual([...(await pleg.relist())], ["a"]);
  assert.equal(pleg.healthy(), true);
});
