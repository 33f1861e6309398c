// The one contract every Store backend passes (as kine runs one suite against all its drivers).
// A backend's test file calls runStoreContract with a factory that returns a fresh, empty store; the
// store's revisions may start anywhere (a shared etcd), so revisions are only compared with each other.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareKeys } from "./keys.js";
import { StoreError, type KeyValue, type Store, type StoreErrorCode, type WatchEvent } from "./store.js";

export type StoreFactory = () => Promise<Store>;

/** Long enough for any backend to do what a step waits for; only a guard against hanging. */
const WAIT_MS = 15_000;

/** Awaits a rejection with a StoreError of this code, and returns it. */
export async function rejectsWith(p: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StoreError, `expected StoreError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return err;
  }
  assert.fail(`expected StoreError ${code}, but it succeeded`);
}

/** Records a watch. */
export class WatchRecorder {
  readonly events: WatchEvent[] = [];
  readonly errors: StoreError[] = [];
  private readonly controller = new AbortController();
  private wake: (() => void) | undefined;

  constructor(store: Store, prefix: string, afterRevision: number) {
    store.watch(prefix, {
      afterRevision,
      signal: this.controller.signal,
      onEvent: (ev) => {
        this.events.push(ev);
        this.wake?.();
      },
      onError: (err) => {
        this.errors.push(err);
        this.wake?.();
      },
    });
  }

  abort(): void {
    this.controller.abort();
  }

  revisions(): number[] {
    return this.events.map((e) => e.kv.modRevision);
  }

  /** Waits until `done()` holds; fails with the recorded state if it does not within WAIT_MS. */
  async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        assert.fail(
          `timed out waiting for ${what}; events: ${JSON.stringify(this.events)}; errors: ${this.errors.map((e) => `${e.code}: ${e.message}`).join(", ")}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  untilEvents(n: number): Promise<void> {
    return this.until(() => this.events.length >= n || this.errors.length > 0, `${n} events`);
  }

  untilError(): Promise<void> {
    return this.until(() => this.errors.length > 0, "an error");
  }
}

function keys(items: KeyValue[]): string[] {
  return items.map((kv) => kv.key);
}

export function runStoreContract(name: string, factory: StoreFactory): void {
  /** Runs `fn` against a fresh store and always closes it. */
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const store = await factory();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  describe(`Store contract: ${name}`, () => {
    test(
      "every write bumps one global revision by one",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const a = await s.create("/r/a", "1");
        assert.equal(a.modRevision, start + 1);
        assert.equal(a.createRevision, a.modRevision);
        const b = await s.create("/r/b", "1");
        assert.equal(b.modRevision, a.modRevision + 1);
        const a2 = await s.update("/r/a", "2", a.modRevision);
        assert.equal(a2.modRevision, b.modRevision + 1);
        assert.equal(a2.createRevision, a.createRevision);
        const del = await s.delete("/r/b");
        assert.equal(del.modRevision, a2.modRevision + 1);
        assert.equal((await s.revisions()).current, del.modRevision);
        assert.equal((await s.get("/r/a")).revision, del.modRevision);
        assert.equal((await s.list("/r/")).revision, del.modRevision);
        // A failed precondition writes nothing and so takes no revision.
        await rejectsWith(s.create("/r/a", "x"), "KeyExists");
        assert.equal((await s.revisions()).current, del.modRevision);
      }),
    );

    test(
      "get returns the latest value, or nothing, with the store revision",
      withStore(async (s) => {
        const missing = await s.get("/g/none");
        assert.equal(missing.kv, undefined);
        const created = await s.create("/g/k", '{"v":1}');
        const got = await s.get("/g/k");
        assert.deepEqual(got.kv, {
          key: "/g/k",
          value: '{"v":1}',
          createRevision: created.modRevision,
          modRevision: created.modRevision,
        });
        assert.equal(got.revision, created.modRevision);
        const updated = await s.update("/g/k", '{"v":2}', created.modRevision);
        assert.deepEqual((await s.get("/g/k")).kv, updated);
        await s.delete("/g/k");
        assert.equal((await s.get("/g/k")).kv, undefined);
      }),
    );

    test(
      "list matches whole prefixes only and returns keys in order",
      withStore(async (s) => {
        for (const k of ["/a/bc/1", "/a/b/2", "/a/b", "/a/b/1", "/a/c", "/ab", "/a/b/"]) await s.create(k, k);
        assert.deepEqual(keys((await s.list("/a/b/")).items), ["/a/b/", "/a/b/1", "/a/b/2"]);
        assert.deepEqual(keys((await s.list("/a/b")).items), [
          "/a/b",
          "/a/b/",
          "/a/b/1",
          "/a/b/2",
          "/a/bc/1",
        ]);
        assert.deepEqual(keys((await s.list("/a/")).items), [
          "/a/b",
          "/a/b/",
          "/a/b/1",
          "/a/b/2",
          "/a/bc/1",
          "/a/c",
        ]);
        assert.deepEqual(keys((await s.list("")).items), [
          "/a/b",
          "/a/b/",
          "/a/b/1",
          "/a/b/2",
          "/a/bc/1",
          "/a/c",
          "/ab",
        ]);
        const none = await s.list("/zzz/");
        assert.deepEqual(none.items, []);
        assert.equal(none.more, false);
        assert.equal(none.remaining, 0);
        const item = (await s.list("/a/c")).items[0];
        assert.deepEqual(item, (await s.get("/a/c")).kv);
      }),
    );

    test(
      "keys with special characters and unicode values round-trip, ordered by UTF-8 bytes",
      withStore(async (s) => {
        const ks = [
          "/s/plain",
          "/s/with space",
          "/s/per%cent",
          "/s/under_score",
          "/s/star*",
          "/s/q?",
          "/s/[br]",
          "/s/back\\slash",
          "/s/quote'\"",
          "/s/ключ",
          "/s/日本",
          "/s/\uffee",
          "/s/\u{10000}",
          "/s/😀",
          "/s/\u{10FFFF}",
          "/s/\u{10FFFF}x",
        ];
        const value = (k: string) => JSON.stringify({ k, text: 'grüße € 😀\n\t"q"' });
        for (const k of ks) await s.create(k, value(k));
        await s.create("/t", "");
        const listed = (await s.list("/s/")).items;
        assert.deepEqual(keys(listed), [...ks].sort(compareKeys));
        for (const kv of listed) assert.equal(kv.value, value(kv.key));
        // "\uffee" sorts before "\u{10000}" in UTF-8 although its UTF-16 form sorts after.
        assert.ok(keys(listed).indexOf("/s/\uffee") < keys(listed).indexOf("/s/\u{10000}"));
        assert.deepEqual(keys((await s.list("/s/\u{10FFFF}")).items), ["/s/\u{10FFFF}", "/s/\u{10FFFF}x"]);
        assert.deepEqual(keys((await s.list("/s/per%")).items), ["/s/per%cent"]);
        assert.deepEqual(keys((await s.list("/s/under_")).items), ["/s/under_score"]);
        assert.deepEqual(keys((await s.list("/s/star*")).items), ["/s/star*"]);
        assert.equal((await s.get("/s/😀")).kv?.value, value("/s/😀"));
        assert.equal((await s.get("/t")).kv?.value, "");
      }),
    );

    test(
      "rejects empty and malformed keys",
      withStore(async (s) => {
        await assert.rejects(s.create("", "v"), TypeError);
        await assert.rejects(s.get(""), TypeError);
        await assert.rejects(s.create("/bad/\ud800", "v"), TypeError);
      }),
    );

    test(
      "list at a past revision shows the keys as they were",
      withStore(async (s) => {
        const r1 = (await s.create("/h/a", "a1")).modRevision;
        const r2 = (await s.create("/h/b", "b1")).modRevision;
        const r3 = (await s.update("/h/a", "a2", r1)).modRevision;
        const r4 = (await s.delete("/h/b")).modRevision;
        const r5 = (await s.create("/h/c", "c1")).modRevision;
        const r6 = (await s.create("/h/b", "b2")).modRevision;
        const at = async (revision: number) => {
          const res = await s.list("/h/", { revision });
          assert.equal(res.revision, revision);
          return res.items.map((kv) => `${kv.key}=${kv.value}@${kv.createRevision}/${kv.modRevision}`);
        };
        assert.deepEqual(await at(r1), [`/h/a=a1@${r1}/${r1}`]);
        assert.deepEqual(await at(r2), [`/h/a=a1@${r1}/${r1}`, `/h/b=b1@${r2}/${r2}`]);
        assert.deepEqual(await at(r3), [`/h/a=a2@${r1}/${r3}`, `/h/b=b1@${r2}/${r2}`]);
        assert.deepEqual(await at(r4), [`/h/a=a2@${r1}/${r3}`]);
        assert.deepEqual(await at(r5), [`/h/a=a2@${r1}/${r3}`, `/h/c=c1@${r5}/${r5}`]);
        assert.deepEqual(await at(r6), [`/h/a=a2@${r1}/${r3}`, `/h/b=b2@${r6}/${r6}`, `/h/c=c1@${r5}/${r5}`]);
        const latest = await s.list("/h/");
        assert.equal(latest.revision, r6);
        assert.deepEqual(
          latest.items.map((kv) => kv.key),
          ["/h/a", "/h/b", "/h/c"],
        );
        const paged = await s.list("/h/", { revision: r3, limit: 1 });
        assert.deepEqual(keys(paged.items), ["/h/a"]);
        assert.equal(paged.more, true);
        assert.equal(paged.remaining, 1);
      }),
    );

    test(
      "list at a revision the store has not reached: FutureRevision",
      withStore(async (s) => {
        const r = (await s.create("/f/a", "1")).modRevision;
        await rejectsWith(s.list("/f/", { revision: r + 1000 }), "FutureRevision");
      }),
    );

    test(
      "limit and startKey page through a prefix with more and remaining, at a fixed revision",
      withStore(async (s) => {
        const all = Array.from({ length: 10 }, (_, i) => `/p/${String(i).padStart(2, "0")}`);
        for (const k of all) await s.create(k, k);
        await s.create("/p0", "outside");
        await s.create("/o/", "outside");

        const first = await s.list("/p/", { limit: 3 });
        assert.deepEqual(keys(first.items), all.slice(0, 3));
        assert.equal(first.more, true);
        assert.equal(first.remaining, 7);

        // Writes between pages do not show: later pages are read at the first page's revision.
        await s.create("/p/05a", "new");
        await s.delete("/p/07");

        const seen = [...keys(first.items)];
        const remainings = [first.remaining];
        let page = first;
        while (page.more) {
          const startKey = page.items[page.items.length - 1].key + "\u0000";
          page = await s.list("/p/", { limit: 3, startKey, revision: first.revision });
          assert.equal(page.revision, first.revision);
          seen.push(...keys(page.items));
          remainings.push(page.remaining);
        }
        assert.deepEqual(seen, all);
        assert.deepEqual(remainings, [7, 4, 1, 0]);

        const exact = await s.list("/p/", { limit: 10, revision: first.revision });
        assert.equal(exact.items.length, 10);
        assert.equal(exact.more, false);
        assert.equal(exact.remaining, 0);

        const now = await s.list("/p/");
        assert.deepEqual(keys(now.items), [
          "/p/00",
          "/p/01",
          "/p/02",
          "/p/03",
          "/p/04",
          "/p/05",
          "/p/05a",
          "/p/06",
          "/p/08",
          "/p/09",
        ]);
      }),
    );

    test(
      "limit 0 lists everything; startKey outside the prefix is clamped to it",
      withStore(async (s) => {
        for (const k of ["/l/a", "/l/b", "/l/c", "/k", "/m"]) await s.create(k, k);
        const all = await s.list("/l/", { limit: 0 });
        assert.deepEqual(keys(all.items), ["/l/a", "/l/b", "/l/c"]);
        assert.equal(all.more, false);
        assert.deepEqual(keys((await s.list("/l/", { startKey: "/a" })).items), ["/l/a", "/l/b", "/l/c"]);
        assert.deepEqual(keys((await s.list("/l/", { startKey: "/l/b" })).items), ["/l/b", "/l/c"]);
        assert.deepEqual((await s.list("/l/", { startKey: "/z" })).items, []);
        assert.deepEqual(keys((await s.list("", { startKey: "/l/c" })).items), ["/l/c", "/m"]);
      }),
    );

    test(
      "create is create-if-absent; a deleted key can be created again",
      withStore(async (s) => {
        const first = await s.create("/c/k", "1");
        const err = await rejectsWith(s.create("/c/k", "2"), "KeyExists");
        assert.equal(err.current?.value, "1");
        assert.equal(err.current?.modRevision, first.modRevision);
        await s.delete("/c/k");
        const again = await s.create("/c/k", "3");
        assert.equal(again.createRevision, again.modRevision);
        assert.ok(again.createRevision > first.createRevision);
        assert.equal((await s.get("/c/k")).kv?.value, "3");
      }),
    );

    test(
      "update with a stale revision is a Conflict carrying the current value",
      withStore(async (s) => {
        const v1 = await s.create("/u/k", "1");
        const v2 = await s.update("/u/k", "2", v1.modRevision);
        assert.equal(v2.value, "2");
        const err = await rejectsWith(s.update("/u/k", "3", v1.modRevision), "Conflict");
        assert.deepEqual(err.current, {
          key: "/u/k",
          value: "2",
          createRevision: v1.createRevision,
          modRevision: v2.modRevision,
        });
        await rejectsWith(s.update("/u/k", "3", 0), "Conflict");
        assert.equal((await s.get("/u/k")).kv?.value, "2");
        const v3 = await s.update("/u/k", "3", err.current.modRevision);
        assert.equal(v3.createRevision, v1.createRevision);
      }),
    );

    test(
      "update of a missing or deleted key is NotFound",
      withStore(async (s) => {
        await rejectsWith(s.update("/u/none", "1", 1), "NotFound");
        const kv = await s.create("/u/gone", "1");
        await s.delete("/u/gone");
        await rejectsWith(s.update("/u/gone", "2", kv.modRevision), "NotFound");
        assert.equal((await s.get("/u/gone")).kv, undefined);
      }),
    );

    test(
      "delete with and without a revision returns the deleted value at the delete revision",
      withStore(async (s) => {
        const a = await s.create("/d/a", "va");
        const b = await s.create("/d/b", "vb");
        const stale = await rejectsWith(s.delete("/d/a", a.modRevision - 1), "Conflict");
        assert.equal(stale.current?.value, "va");
        const delA = await s.delete("/d/a", a.modRevision);
        assert.deepEqual(delA, {
          key: "/d/a",
          value: "va",
          createRevision: a.createRevision,
          modRevision: b.modRevision + 1,
        });
        const delB = await s.delete("/d/b");
        assert.deepEqual(delB, {
          key: "/d/b",
          value: "vb",
          createRevision: b.createRevision,
          modRevision: delA.modRevision + 1,
        });
        await rejectsWith(s.delete("/d/a"), "NotFound");
        await rejectsWith(s.delete("/d/none", 5), "NotFound");
        assert.deepEqual((await s.list("/d/")).items, []);
      }),
    );

    test(
      "watch replays history after a revision, then goes live, in order, each event once",
      withStore(async (s) => {
        const written: number[] = [];
        for (let i = 0; i < 5; i++) written.push((await s.create(`/w/${i}`, `v${i}`)).modRevision);
        const w = new WatchRecorder(s, "/w/", written[1]);
        // Writes racing with the replay must be neither lost nor doubled.
        written.push((await s.update("/w/0", "v0b", written[0])).modRevision);
        await w.untilEvents(4);
        for (let i = 5; i < 8; i++) written.push((await s.create(`/w/${i}`, `v${i}`)).modRevision);
        written.push((await s.delete("/w/3")).modRevision);
        await w.untilEvents(written.length - 2);
        assert.deepEqual(w.errors, []);
        assert.deepEqual(w.revisions(), written.slice(2));
        assert.deepEqual(
          w.events.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}`),
          [
            "put /w/2=v2",
            "put /w/3=v3",
            "put /w/4=v4",
            "put /w/0=v0b",
            "put /w/5=v5",
            "put /w/6=v6",
            "put /w/7=v7",
            "delete /w/3=v3",
          ],
        );
        // Nothing arrives twice: a later write is the next event.
        const last = await s.create("/w/9", "v9");
        await w.untilEvents(written.length - 1);
        assert.deepEqual(w.revisions().slice(-2), [written[written.length - 1], last.modRevision]);
        w.abort();
      }),
    );

    test(
      "watch events: creates without prevKv, updates with it, deletes at the delete revision with the old value",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const created = await s.create("/e/k", "1");
        const updated = await s.update("/e/k", "2", created.modRevision);
        const deleted = await s.delete("/e/k");
        const recreated = await s.create("/e/k", "3");
        for (const live of [false, true]) {
          // Once replayed from the log, once delivered live.
          const w = new WatchRecorder(s, "/e/", live ? recreated.modRevision : start);
          if (live) {
            const u = await s.update("/e/k", "4", recreated.modRevision);
            await s.delete("/e/k", u.modRevision);
            await w.untilEvents(2);
            assert.deepEqual(w.events, [
              { type: "put", kv: u, prevKv: recreated },
              {
                type: "delete",
                kv: {
                  key: "/e/k",
                  value: "4",
                  createRevision: recreated.createRevision,
                  modRevision: u.modRevision + 1,
                },
              },
            ]);
          } else {
            await w.untilEvents(4);
            assert.deepEqual(w.events, [
              { type: "put", kv: created },
              { type: "put", kv: updated, prevKv: created },
              { type: "delete", kv: deleted },
              { type: "put", kv: recreated },
            ]);
            assert.equal(deleted.value, "2");
          }
          w.abort();
        }
      }),
    );

    test(
      "watch sees only its prefix",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const w = new WatchRecorder(s, "/x/a/", start);
        const all = new WatchRecorder(s, "", start);
        await s.create("/x/ab", "no");
        await s.create("/x/a", "no");
        const yes = await s.create("/x/a/1", "yes");
        await s.create("/x/b/1", "no");
        await all.untilEvents(4);
        await w.untilEvents(1);
        assert.deepEqual(w.events, [{ type: "put", kv: yes }]);
        assert.deepEqual(
          all.events.map((e) => e.kv.key),
          ["/x/ab", "/x/a", "/x/a/1", "/x/b/1"],
        );
        w.abort();
        all.abort();
      }),
    );

    test(
      "watch from a revision the store has not reached waits for it",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const w = new WatchRecorder(s, "/ahead/", start + 2);
        await s.create("/ahead/1", "1");
        await s.create("/ahead/2", "2");
        const third = await s.create("/ahead/3", "3");
        await w.untilEvents(1);
        assert.deepEqual(w.events, [{ type: "put", kv: third }]);
        assert.deepEqual(w.errors, []);
        w.abort();
      }),
    );

    test(
      "compaction: reads and watches below the compacted revision fail with Compacted",
      withStore(async (s) => {
        const r1 = (await s.create("/cp/a", "1")).modRevision;
        const r2 = (await s.update("/cp/a", "2", r1)).modRevision;
        const r3 = (await s.update("/cp/a", "3", r2)).modRevision;
        const r4 = (await s.create("/cp/b", "b")).modRevision;
        const r5 = (await s.delete("/cp/b")).modRevision;
        await s.compact(r3);
        assert.equal((await s.revisions()).compacted, r3);

        await rejectsWith(s.list("/cp/", { revision: r2 }), "Compacted");
        assert.deepEqual(
          (await s.list("/cp/", { revision: r3 })).items.map((kv) => kv.value),
          ["3"],
        );
        assert.deepEqual(
          (await s.list("/cp/", { revision: r4 })).items.map((kv) => kv.value),
          ["3", "b"],
        );
        assert.deepEqual(
          (await s.list("/cp/")).items.map((kv) => kv.value),
          ["3"],
        );

        const old = new WatchRecorder(s, "/cp/", r1);
        await old.untilError();
        assert.equal(old.errors[0].code, "Compacted");
        assert.deepEqual(old.events, []);

        const ok = new WatchRecorder(s, "/cp/", r3);
        await ok.untilEvents(2);
        assert.deepEqual(ok.revisions(), [r4, r5]);
        assert.deepEqual(
          ok.events.map((e) => e.type),
          ["put", "delete"],
        );
        assert.deepEqual(ok.errors, []);
        ok.abort();

        await s.compact(r2); // at or below the compacted revision: nothing to do
        assert.equal((await s.revisions()).compacted, r3);
        const current = (await s.revisions()).current;
        await rejectsWith(s.compact(current + 1000), "FutureRevision");
        const r6 = (await s.update("/cp/a", "4", r3)).modRevision;
        assert.ok(r6 > r5);
      }),
    );

    test(
      "a key written with a TTL expires with a delete event; writing it without one keeps it",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const w = new WatchRecorder(s, "/ttl/", start);
        const kept = await s.create("/ttl/kept", "k", { ttlSeconds: 1 });
        await s.update("/ttl/kept", "k2", kept.modRevision);
        const x = await s.create("/ttl/x", "x", { ttlSeconds: 1 });
        await w.until(() => w.events.some((e) => e.type === "delete"), "the expiry of /ttl/x");
        const del = w.events.find((e) => e.type === "delete")!;
        assert.equal(del.kv.key, "/ttl/x");
        assert.equal(del.kv.value, "x");
        assert.equal(del.kv.createRevision, x.createRevision);
        assert.ok(del.kv.modRevision > x.modRevision);
        assert.equal((await s.get("/ttl/x")).kv, undefined);
        assert.equal((await s.get("/ttl/kept")).kv?.value, "k2");
        w.abort();
      }),
    );

    test(
      "concurrent read-modify-write loses no update",
      withStore(async (s) => {
        await s.create("/cc/counter", "0");
        const writers = 8;
        const each = 10;
        const revisions: number[] = [];
        let conflicts = 0;
        const writer = async () => {
          let { kv } = await s.get("/cc/counter");
          for (let i = 0; i < each;) {
            try {
              kv = await s.update("/cc/counter", String(Number(kv!.value) + 1), kv!.modRevision);
              revisions.push(kv.modRevision);
              i++;
            } catch (err) {
              if (!(err instanceof StoreError) || err.code !== "Conflict") throw err;
              conflicts++;
              kv = err.current; // retry on what the store has now, without another read
            }
          }
        };
        await Promise.all(Array.from({ length: writers }, writer));
        assert.equal((await s.get("/cc/counter")).kv?.value, String(writers * each));
        assert.equal(new Set(revisions).size, writers * each);
        assert.ok(conflicts > 0, "writers should have raced");
      }),
    );

    test(
      "concurrent creates of one key: exactly one wins",
      withStore(async (s) => {
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => s.create("/cc/one", `w${i}`)),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected");
        assert.equal(won.length, 1);
        for (const r of lost) assert.equal((r.reason as StoreError).code, "KeyExists");
        assert.equal((await s.get("/cc/one")).kv?.value, won[0].value.value);
      }),
    );

    test(
      "an aborted watch stops silently",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const aborted = new WatchRecorder(s, "/ab/", start);
        const never = new WatchRecorder(s, "/ab/", start);
        never.abort(); // aborted before any event
        await s.create("/ab/1", "1");
        await aborted.untilEvents(1);
        aborted.abort();
        await s.create("/ab/2", "2");
        const fence = await s.create("/ab/3", "3");
        const witness = new WatchRecorder(s, "/ab/", start);
        await witness.until(() => witness.revisions().includes(fence.modRevision), "the fence event");
        assert.equal(aborted.events.length, 1);
        assert.deepEqual(aborted.errors, []);
        assert.deepEqual(never.events, []);
        assert.deepEqual(never.errors, []);
        witness.abort();
      }),
    );

    test("close ends watches with Unavailable; later calls fail with Unavailable", async () => {
      const s = await factory();
      const start = (await s.revisions()).current;
      const w = new WatchRecorder(s, "/cl/", start);
      await s.create("/cl/1", "1");
      await w.untilEvents(1);
      await s.close();
      await w.untilError();
      assert.equal(w.errors.length, 1);
      assert.equal(w.errors[0].code, "Unavailable");
      await rejectsWith(s.get("/cl/1"), "Unavailable");
      await rejectsWith(s.create("/cl/2", "2"), "Unavailable");
      await rejectsWith(s.list("/cl/"), "Unavailable");
      const late = new WatchRecorder(s, "/cl/", start);
      await late.untilError();
      assert.equal(late.errors[0].code, "Unavailable");
      await s.close(); // closing twice is harmless
    });

    test(
      "lists and watches thousands of keys",
      withStore(async (s) => {
        const start = (await s.revisions()).current;
        const n = 2000;
        const w = new WatchRecorder(s, "/big/", start);
        await Promise.all(
          Array.from({ length: n }, (_, i) => s.create(`/big/${String(i).padStart(5, "0")}`, `{"i":${i}}`)),
        );
        const res = await s.list("/big/");
        assert.equal(res.items.length, n);
        assert.equal(res.items[n - 1].key, `/big/${String(n - 1).padStart(5, "0")}`);
        await w.untilEvents(n);
        const revs = w.revisions();
        assert.ok(
          revs.every((r, i) => i === 0 || r > revs[i - 1]),
          "events in revision order",
        );
        const replay = new WatchRecorder(s, "/big/", start);
        await replay.untilEvents(n);
        assert.deepEqual(replay.revisions(), revs);
        w.abort();
        replay.abort();
      }),
    );
  });
}
