// EtcdStore against a real etcd: the shared contract (each store in its own key prefix of one etcd),
// then what is particular to etcd: compact_rev_key, prefixes, leases, reconnects, errors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Etcd3 } from "etcd3";
import { rejectsWith, runStoreContract, WatchRecorder } from "../contract.js";
import { COMPACT_REV_KEY, EtcdStore } from "./etcd-store.js";
import { ETCD_BINARY, etcdAvailable, startEtcd, type EtcdProcess } from "./testing.js";

if (!etcdAvailable()) {
  test(
    `EtcdStore (skipped: no etcd binary at ${ETCD_BINARY}; install Debian's etcd-server)`,
    { skip: true },
    () => {},
  );
} else {
  let etcd: EtcdProcess;
  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    await etcd.stop();
  });

  let n = 0;
  runStoreContract(
    "etcd",
    async () => new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: `/contract-${n++}/` }),
  );

  describe("EtcdStore on etcd", () => {
    test("the compactor's compact_rev_key records compactions but is no key of the store", async () => {
      const s = new EtcdStore({ endpoints: [etcd.endpoint] });
      try {
        const a = await s.create("/root/a", "1");
        await s.update("/root/a", "2", a.modRevision);
        await s.compact(a.modRevision);
        assert.equal((await s.revisions()).compacted, a.modRevision);
        const start = (await s.revisions()).current;
        const all = new WatchRecorder(s, "", start);
        const b = await s.create("/root/b", "1");
        await s.compact(b.modRevision); // rewrites compact_rev_key: no event for it
        const c = await s.create("/root/c", "1");
        await all.untilEvents(2);
        assert.deepEqual(all.revisions(), [b.modRevision, c.modRevision]);
        all.abort();

        const everything = await s.list("");
        assert.ok(!everything.items.some((kv) => kv.key === COMPACT_REV_KEY));
        assert.ok(everything.items.some((kv) => kv.key === "/root/a"));
        // Paging over a range that holds compact_rev_key counts only the store's keys.
        await s.create("compact_rev_j", "before it");
        const page = await s.list("compact_rev_", { limit: 1 });
        assert.deepEqual(
          page.items.map((kv) => kv.key),
          ["compact_rev_j"],
        );
        assert.equal(page.more, false);
        assert.equal(page.remaining, 0);
      } finally {
        await s.close();
      }
    });

    test("stores with different key prefixes do not see each other", async () => {
      const one = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/one/" });
      const two = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/two/" });
      const oneMore = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/one-more/" });
      assert.throws(() => new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/one" }), TypeError);
      try {
        await oneMore.create("/k", "one-more");
        const start = (await one.revisions()).current;
        const w = new WatchRecorder(two, "/", start);
        await one.create("/k", "one");
        const mine = await two.create("/k", "two");
        await w.untilEvents(1);
        assert.deepEqual(w.events, [{ type: "put", kv: mine }]);
        assert.deepEqual(
          (await one.list("")).items.map((kv) => kv.value),
          ["one"],
        );
        assert.equal((await two.get("/k")).kv?.value, "two");
        w.abort();
      } finally {
        await one.close();
        await two.close();
        await oneMore.close();
      }
    });

    test("keys with the same TTL share a lease, as the API server's lease manager does", async () => {
      const s = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/leases/" });
      const raw = new Etcd3({ hosts: etcd.endpoint });
      try {
        await s.create("/e1", "1", { ttlSeconds: 3600 });
        await s.create("/e2", "2", { ttlSeconds: 3600 });
        await s.create("/plain", "3");
        const res = await raw.kv.range({ key: Buffer.from("/leases/"), range_end: Buffer.from("/leases0") });
        const leases = new Map(res.kvs.map((kv) => [kv.key.toString(), kv.lease]));
        assert.notEqual(leases.get("/leases//e1"), "0");
        assert.equal(leases.get("/leases//e1"), leases.get("/leases//e2"));
        assert.equal(leases.get("/leases//plain"), "0");
        const ttl = await raw.leaseClient.leaseTimeToLive({ ID: leases.get("/leases//e1")! });
        // 3600 s plus the reuse slack (5% of the TTL, at most 60 s).
        assert.ok(Number(ttl.grantedTTL) === 3660, `granted TTL ${ttl.grantedTTL}`);
      } finally {
        raw.close();
        await s.close();
      }
    });

    test("aborting many watches leaves the client healthy", async () => {
      const s = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/aborts/" });
      try {
        const start = (await s.revisions()).current;
        for (let i = 0; i < 10; i++) {
          const w = new WatchRecorder(s, "/", start);
          await s.create(`/k${i}`, "v");
          await w.untilEvents(1);
          w.abort();
        }
        assert.equal((await s.list("/")).items.length, 10);
      } finally {
        await s.close();
      }
    });

    test("a watch resumes after etcd restarts, without losing or repeating events", async () => {
      const s = new EtcdStore({ endpoints: [etcd.endpoint], keyPrefix: "/restart/", requestTimeoutMs: 2000 });
      try {
        const start = (await s.revisions()).current;
        const w = new WatchRecorder(s, "/", start);
        const before = await s.create("/before", "1");
        await w.untilEvents(1);
        await etcd.restart();
        // The client reconnects on its own; requests may fail while it does.
        let after: number | undefined;
        const deadline = Date.now() + 30_000;
        while (after === undefined) {
          try {
            after = (await s.create("/after", "2")).modRevision;
          } catch (err) {
            if (Date.now() > deadline) throw err;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        await w.until(() => w.revisions().includes(after), "the event written after the restart");
        assert.deepEqual(w.revisions(), [before.modRevision, after]);
        assert.deepEqual(w.errors, []);
        w.abort();
      } finally {
        await s.close();
      }
    });
  });
}

test("an unreachable etcd is Unavailable", async () => {
  // Port 1 on loopback: nothing listens there.
  const s = new EtcdStore({ endpoints: ["http://127.0.0.1:1"], requestTimeoutMs: 500 });
  try {
    await rejectsWith(s.get("/k"), "Unavailable");
    await rejectsWith(s.create("/k", "v"), "Unavailable");
  } finally {
    await s.close();
  }
});
