import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { RestClient } from "../../client/rest/client.js";
import { secrets } from "../../api/core/v1/secret.js";
import { eventually, startTestCluster } from "../util/testcluster.js";
import { newTokenCleanerController, timeToExpiry } from "./controller.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

test("timeToExpiry: none, future, past and malformed expirations", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  assert.equal(timeToExpiry({}, now), undefined);
  assert.equal(timeToExpiry({ data: { expiration: b64("2030-01-01T00:01:00Z") } }, now), 60_000);
  assert.ok(timeToExpiry({ data: { expiration: b64("2029-12-31T00:00:00Z") } }, now)! < 0);
  assert.equal(timeToExpiry({ data: { expiration: b64("tomorrow") } }, now), 0);
});

test("bootstrap tokens authenticate until they expire; the token cleaner deletes expired ones", async () => {
  const c = await startTestCluster();
  try {
    const api = clientFor(c.ctx.client, secrets);
    const token = (id: string, expiration: Date) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system" },
      type: "bootstrap.kubernetes.io/token",
      stringData: {
        "token-id": id,
        "token-secret": "0123456789abcdef",
        expiration: expiration.toISOString(),
        "usage-bootstrap-authentication": "true",
        "auth-extra-groups": "system:bootstrappers:k8ts:agents",
      },
    });
    await api.create("kube-system", token("old001", new Date(Date.now() - 1000)));
    await api.create("kube-system", token("soon01", new Date(Date.now() + 3000)));
    await api.create("kube-system", token("live01", new Date(Date.now() + 3600_000)));
    const who = async (t: string) => {
      const client = new RestClient({ server: c.server.url, ca: c.ctx.client.config.ca, token: t });
      try {
        const r = await client.raw<any>("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
          apiVersion: "authentication.k8s.io/v1",
          kind: "SelfSubjectReview",
        });
        return r.status.userInfo as { username: string; groups: string[] };
      } catch (e) {
        return (e as { code?: number }).code;
      } finally {
        client.close();
      }
    };
    assert.deepEqual(await who("live01.0123456789abcdef"), {
      username: "system:bootstrap:live01",
      groups: ["system:bootstrappers", "system:bootstrappers:k8ts:agents", "system:authenticated"],
    });
    assert.equal(await who("live01.0123456789abcdee"), 401, "wrong secret");
    assert.equal(await who("old001.0123456789abcdef"), 401, "expired");
    assert.equal(await who("nope01.0123456789abcdef"), 401, "no such token");

    const cleaner = newTokenCleanerController(c.ctx);
    const running = cleaner.run(c.signal);
    c.start();
    const names = async () => (await api.list("kube-system")).items.map((s: any) => s.metadata.name).sort();
    await eventually(async () => !(await names()).includes("bootstrap-token-old001"));
    await eventually(async () => !(await names()).includes("bootstrap-token-soon01"), 15_000);
    assert.ok((await names()).includes("bootstrap-token-live01"));
    await c.stop();
    await running;
  } finally {
    await c.stop();
  }
});
