import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { SqliteStore } from "../../storage/sqlite/sqlite-store.js";
import { parseEncryptionConfig, transformersFor } from "./config.js";
import { EncryptingStore } from "./store.js";
import { aesCbc, aesGcm, secretbox } from "./providers.js";

const key32 = () => randomBytes(32).toString("base64");
const config = (providers: string) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
${providers}
`;

test("providers round-trip and refuse another key or another storage key", () => {
  const secret = randomBytes(32);
  for (const make of [aesCbc, aesGcm, secretbox]) {
    const t = make("k1", secret);
    const c = t.encrypt('{"data":"x"}', "/registry/core/v1/secrets/a/b");
    assert.equal(t.decrypt(c, "/registry/core/v1/secrets/a/b"), '{"data":"x"}');
    // another key never yields the plain text (AES-CBC is unauthenticated: its padding check fails most of the
    // time, but about 1 in 256 wrong keys decrypt to garbage without an error)
    let other: string | undefined;
    try {
      other = make("k1", randomBytes(32)).decrypt(c, "/registry/core/v1/secrets/a/b");
    } catch {
      other = undefined;
    }
    assert.notEqual(other, '{"data":"x"}');
  }
  const g = aesGcm("k1", secret);
  assert.throws(() => g.decrypt(g.encrypt("x", "/a"), "/b"), "the key is authenticated data");
  assert.match(aesCbc("key1", secret).prefix, /^k8s:enc:aescbc:v1:key1:$/);
});

test("config validation refuses bad files with the field path", () => {
  const bad: [string, RegExp][] = [
    [
      config(
        "      - aescbc:\n          keys: [{name: k, secret: " + randomBytes(16).toString("base64") + "}]",
      ),
      /got 16, expected one of \[32\]/,
    ],
    [
      config("      - aesgcm:\n          keys: [{name: 'a:b', secret: " + key32() + "}]"),
      /should not contain ":"/,
    ],
    [config("      - {identity: {}, aescbc: {keys: []}}"), /more than one provider/],
    [
      config(
        "      - secretbox:\n          keys: [{name: k, secret: " + randomBytes(16).toString("base64") + "}]",
      ),
      /providers\[0\]\.secretbox\.keys\[0\]\.secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of \[32\]/,
    ],
    [config("      - secretbox: {keys: []}"), /providers\[0\]\.secretbox\.keys: Required value/],
    [config("      - kms: {name: x}"), /kms/],
    ["apiVersion: v1\nkind: Config\n", /EncryptionConfiguration/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseEncryptionConfig(text), re);
  const ok = parseEncryptionConfig(
    config("      - aesgcm:\n          keys: [{name: k, secret: " + key32() + "}]\n      - identity: {}"),
  );
  assert.equal(transformersFor(ok, "", "secrets")?.length, 2);
  assert.equal(transformersFor(ok, "", "configmaps"), undefined);
  const wild = parseEncryptionConfig(
    "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: ['*.apps']\n  providers: [{identity: {}}]\n",
  );
  assert.ok(transformersFor(wild, "apps", "deployments"));
  assert.equal(transformersFor(wild, "", "secrets"), undefined);
});

test("the SQLite file holds no plain text; rotation rewrites with the new first key", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-enc-"));
  try {
    const path = join(dir, "state.db");
    const k1 = key32();
    const k2 = key32();
    const raw = new SqliteStore({ path, synchronous: "full" });
    const store = new EncryptingStore(
      raw,
      parseEncryptionConfig(
        config(`      - aescbc:\n          keys: [{name: key1, secret: ${k1}}]\n      - identity: {}`),
      ),
    );
    const plain = JSON.stringify({ kind: "Secret", data: { password: "c3VwZXJzZWNyZXRwYXNzd29yZA==" } });
    const key = "/registry/core/v1/secrets/default/s";
    await store.create("/registry/core/v1/configmaps/default/c", '{"data":{"note":"visible-config"}}');
    const created = await store.create(key, plain);
    assert.equal((await store.get(key)).kv?.value, plain);
    const stored = (await raw.get(key)).kv!.value;
    assert.match(stored, /^k8s:enc:aescbc:v1:key1:/);
    assert.ok(!stored.includes("c3VwZXJzZWNyZXRwYXNzd29yZA"));
    assert.equal(
      (await raw.get("/registry/core/v1/configmaps/default/c")).kv?.value,
      '{"data":{"note":"visible-config"}}',
    );
    // a value written before encryption was on is still read through identity, and reported stale
    await raw.create("/registry/core/v1/secrets/default/old", '{"old":true}');
    assert.equal((await store.get("/registry/core/v1/secrets/default/old")).kv?.value, '{"old":true} ');
    await raw.close();
    const file = await readFile(path);
    assert.ok(!file.includes("c3VwZXJzZWNyZXRwYXNzd29yZA"), "the database file has no plaintext");

    // key2 first, key1 still readable: old values are stale until rewritten
    const raw2 = new SqliteStore({ path, synchronous: "full" });
    const rotated = new EncryptingStore(
      raw2,
      parseEncryptionConfig(
        config(
          `      - aesgcm:\n          keys: [{name: key2, secret: ${k2}}]\n      - aescbc:\n          keys: [{name: key1, secret: ${k1}}]`,
        ),
      ),
    );
    const before = (await rotated.get(key)).kv!;
    assert.equal(before.value, plain + " ");
    await rotated.update(key, plain, before.modRevision);
    assert.match((await raw2.get(key)).kv!.value, /^k8s:enc:aesgcm:v1:key2:/);
    assert.equal((await rotated.get(key)).kv?.value, plain);
    // identity is gone from the list: plain values are refused, not served
    await assert.rejects(rotated.get("/registry/core/v1/secrets/default/old"), /no matching prefix found/);
    // a Conflict carries the decrypted current value
    await assert.rejects(
      rotated.update(key, plain, created.modRevision),
      (e: any) => e.current?.value === plain,
    );
    await raw2.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("secretbox stores upstream's layout: prefix, 24-byte nonce, then the sealed box", () => {
  const secret = randomBytes(32);
  const t = secretbox("key1", secret);
  assert.equal(t.prefix, "k8s:enc:secretbox:v1:key1:");
  const plain = '{"kind":"Secret","data":{"a":"Yg=="}}';
  const a = Buffer.from(t.encrypt(plain, "/registry/core/v1/secrets/a/b"), "base64");
  const b = Buffer.from(t.encrypt(plain, "/registry/core/v1/secrets/a/b"), "base64");
  // nonce (24) + Poly1305 tag (16) + one byte per byte of plain text; a fresh random nonce each time
  assert.equal(a.length, 24 + 16 + Buffer.byteLength(plain));
  assert.notDeepEqual(a.subarray(0, 24), b.subarray(0, 24));
  assert.ok(!a.toString("latin1").includes("Secret"));
  // no additional data: the value reads back under another storage key, as upstream's
  assert.equal(t.decrypt(a.toString("base64"), "/elsewhere"), plain);
  // a flipped bit or a wrong key is refused (authenticated), with upstream's error text
  const tampered = Buffer.from(a);
  tampered[tampered.length - 1] ^= 1;
  assert.throws(() => t.decrypt(tampered.toString("base64"), ""), /output array was not large enough/);
  assert.throws(
    () => secretbox("key1", randomBytes(32)).decrypt(a.toString("base64"), ""),
    /output array was not large enough/,
  );
  assert.throws(() => t.decrypt(a.subarray(0, 39).toString("base64"), ""), /shorter than the required size/);
});

test("secretbox in the store: no plain text in the SQLite file, rotation reads the older key", async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-enc-"));
  try {
    const path = join(dir, "state.db");
    const k1 = key32();
    const k2 = key32();
    const raw = new SqliteStore({ path, synchronous: "full" });
    const store = new EncryptingStore(
      raw,
      parseEncryptionConfig(config(`      - secretbox:\n          keys: [{name: key1, secret: ${k1}}]`)),
    );
    const plain = JSON.stringify({ kind: "Secret", data: { token: "dG9wLXNlY3JldC1zZWNyZXRib3g=" } });
    const key = "/registry/core/v1/secrets/default/box";
    await store.create(key, plain);
    assert.equal((await store.get(key)).kv?.value, plain);
    assert.match((await raw.get(key)).kv!.value, /^k8s:enc:secretbox:v1:key1:/);
    await raw.close();
    assert.ok(!(await readFile(path)).includes("dG9wLXNlY3JldC1zZWNyZXRib3g"), "no plain text in the file");

    // key2 written first, key1 still read; the value read with an older key is reported stale
    const raw2 = new SqliteStore({ path, synchronous: "full" });
    const rotated = new EncryptingStore(
      raw2,
      parseEncryptionConfig(
        config(
          `      - secretbox:\n          keys: [{name: key2, secret: ${k2}}, {name: key1, secret: ${k1}}]`,
        ),
      ),
    );
    const before = (await rotated.get(key)).kv!;
    assert.equal(before.value, plain + " ");
    await rotated.update(key, plain, before.modRevision);
    assert.match((await raw2.get(key)).kv!.value, /^k8s:enc:secretbox:v1:key2:/);
    assert.equal((await rotated.get(key)).kv?.value, plain);
    await raw2.close();

    // a key of the same name but other bytes cannot read it
    const raw3 = new SqliteStore({ path, synchronous: "full" });
    const wrong = new EncryptingStore(
      raw3,
      parseEncryptionConfig(config(`      - secretbox:\n          keys: [{name: key2, secret: ${key32()}}]`)),
    );
    await assert.rejects(wrong.get(key));
    await raw3.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
