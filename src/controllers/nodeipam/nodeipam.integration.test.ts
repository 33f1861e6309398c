// Node IPAM against a real API server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { NodeIPAMController } from "./controller.js";

test("every node gets a /24; a deleted node's block is free again; existing blocks survive a restart", async (t) => {
  const c = await startTestCluster({ clusterCIDR: "10.42.0.0/16" });
  t.after(() => c.stop());
  const nodes = clientFor<Node>(c.ctx.client, nodeResource);
  await nodes.create("", {
    metadata: { name: "pre" },
    spec: { podCIDR: "10.42.0.0/24", podCIDRs: ["10.42.0.0/24"] },
  });
  const ipam = new NodeIPAMController(c.ctx);
  c.start();
  const ac = new AbortController();
  const run = ipam.run(AbortSignal.any([c.signal, ac.signal]));
  for (const n of ["a", "b"]) await nodes.create("", { metadata: { name: n } });
  const cidr = async (n: string) => (await nodes.get("", n)).spec?.podCIDR;
  await eventually(async () => (await cidr("a")) && (await cidr("b")));
  const got = [await cidr("a"), await cidr("b")].sort();
  assert.deepEqual(got, ["10.42.1.0/24", "10.42.2.0/24"]); // 10.42.0.0/24 was taken
  assert.deepEqual((await nodes.get("", "a")).spec?.podCIDRs, [await cidr("a")]);
  ac.abort();
  await run;

  // A new allocator (a restarted controller manager) takes the existing blocks into account.
  const again = new NodeIPAMController(c.ctx);
  const run2 = again.run(c.signal);
  t.after(() => run2);
  await nodes.create("", { metadata: { name: "c" } });
  await eventually(() => cidr("c"));
  assert.equal(await cidr("c"), "10.42.3.0/24");
});
