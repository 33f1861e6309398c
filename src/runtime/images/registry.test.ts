import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { promises as fs } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseChallenge, pullImage } from "./registry.js";
import { ImageStore } from "./store.js";
import {
  buildUmociImage,
  freePort,
  missingTool,
  selfSignedCert,
  skopeoPush,
  startRegistry,
} from "./testdata.js";

const run = promisify(execFile);
const missing = await missingTool("umoci", "skopeo", "docker-registry", "openssl", "/bin/busybox");
const skip =
  missing === undefined
    ? false
    : `${missing} is not installed (apt-get install umoci skopeo docker-registry busybox-static)`;

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-registry-test-"));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

test("WWW-Authenticate challenges parse", () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"',
    ),
    {
      scheme: "bearer",
      params: {
        realm: "https://auth.example/token",
        service: "registry.example",
        scope: "repository:a/b:pull",
      },
    },
  );
  assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), {
    scheme: "basic",
    params: { realm: "Registry Realm" },
  });
});

test("pulls an image pushed by skopeo to docker-registry over HTTP", { skip }, async (t) => {
  const dir = await tempDir(t);
  const layout = await buildUmociImage(dir, "v1", "pulled-marker");
  const reg = await startRegistry(dir);
  t.after(() => reg.stop());
  const name = `127.0.0.1:${reg.port}/team/bb:v1`;
  await skopeoPush(layout, "v1", name);

  const store = await ImageStore.open(path.join(dir, "store"));
  const r = await pullImage(store, name);
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  assert.deepEqual(r.image.repoTags, [name]);
  assert.equal(r.image.repoDigests.length, 1);
  assert.match(
    r.image.repoDigests[0] ?? "",
    new RegExp(`^127\\.0\\.0\\.1:${reg.port}/team/bb@sha256:[a-f0-9]{64}$`),
  );
  const cfg = r.image.config.config;
  assert.deepEqual(cfg?.Entrypoint, ["/bin/sh"]);
  assert.deepEqual(cfg?.Cmd, ["-c", "echo hi"]);
  assert.ok(cfg?.Env?.includes("GREETING=hello"));
  assert.equal(cfg?.WorkingDir, "/etc");
  assert.equal(r.image.user, "1000:1000");
  assert.ok(cfg?.ExposedPorts !== undefined && "8080/tcp" in cfg.ExposedPorts);

  const lower = await store.lowerDirs(name);
  assert.ok(lower !== undefined && lower.length >= 1);
  const top = lower[0];
  assert.equal(await fs.readFile(path.join(top, "etc", "marker"), "utf8"), "pulled-marker");
  assert.equal(await fs.readlink(path.join(top, "bin", "sh")), "busybox");
  const [a, b] = await Promise.all([
    fs.readFile(path.join(top, "bin", "busybox")),
    fs.readFile("/bin/busybox"),
  ]);
  assert.ok(a.equals(b));

  // by digest, the same image, named by its digest
  const byDigest = await pullImage(store, r.image.repoDigests[0]);
  assert.ok(byDigest.ok);
  assert.equal(byDigest.image.id, r.image.id);

  const notFound = await pullImage(store, `127.0.0.1:${reg.port}/team/absent:v1`);
  assert.deepEqual(notFound, {
    ok: false,
    error: {
      code: "NotFound",
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "127.0.0.1:${reg.port}/team/absent:v1": failed to resolve reference "127.0.0.1:${reg.port}/team/absent:v1": 127.0.0.1:${reg.port}/team/absent:v1: not found`,
    },
  });
  const badTag = await pullImage(store, `127.0.0.1:${reg.port}/team/bb:v2`);
  assert.ok(!badTag.ok && badTag.error.code === "NotFound");
});

test("an unreachable registry is a value with containerd's wording", async (t) => {
  const dir = await tempDir(t);
  const store = await ImageStore.open(dir);
  const port = await freePort();
  const r = await pullImage(store, `127.0.0.1:${port}/x/y:1`);
  assert.ok(!r.ok);
  assert.equal(r.error.code, "Unavailable");
  assert.equal(
    r.error.message,
    `rpc error: code = Unknown desc = failed to pull and unpack image "127.0.0.1:${port}/x/y:1": failed to resolve reference "127.0.0.1:${port}/x/y:1": failed to do request: Get "https://127.0.0.1:${port}/v2/x/y/manifests/1": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
  const invalid = await pullImage(store, "not a ref");
  assert.deepEqual(invalid, {
    ok: false,
    error: {
      code: "InvalidReference",
      message: `couldn't parse image name "not a ref": invalid reference format`,
    },
  });
  assert.deepEqual(await store.list(), []);
});

/** A token server as Docker Hub runs one: Basic credentials in, a JWT signed by the registry's trusted cert out. */
async function startTokenServer(
  dir: string,
  service: string,
  users: Record<string, string>,
): Promise<{ port: number; cert: string; close(): Promise<void> }> {
  const key = path.join(dir, "token.key");
  const cert = path.join(dir, "token.crt");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "1",
    "-subj",
    "/CN=k8ts-test-token-issuer",
  ]);
  const privateKey = createPrivateKey(await fs.readFile(key));
  const der = (await fs.readFile(cert, "utf8")).replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [user, pass] = basic === undefined ? [] : Buffer.from(basic, "base64").toString().split(":");
    if (basic !== undefined && (user === undefined || users[user] !== pass)) {
      res.writeHead(401).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = [];
    const scope = /^repository:([^:]+):(.+)$/.exec(u.searchParams.get("scope") ?? "");
    if (scope !== null && user !== undefined)
      access.push({ type: "repository", name: scope[1], actions: scope[2].split(",") });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: "JWT", alg: "ES256", x5c: [der] }));
    const claims = b64url(
      JSON.stringify({
        iss: "k8ts-test-issuer",
        sub: user ?? "",
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString("hex"),
        access,
      }),
    );
    const sig = sign("sha256", Buffer.from(`${header}.${claims}`), {
      key: privateKey,
      dsaEncoding: "ieee-p1363",
    });
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ token: `${header}.${claims}.${b64url(sig)}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr !== null ? addr.port : 0;
  return { port, cert, close: () => new Promise((r) => server.close(() => r())) };
}

test("bearer token auth with imagePullSecrets credentials", { skip }, async (t) => {
  const dir = await tempDir(t);
  const service = "k8ts-test-registry";
  const tokens = await startTokenServer(dir, service, { puller: "s3cret" });
  t.after(() => tokens.close());
  const reg = await startRegistry(
    dir,
    `auth:\n  token:\n    realm: http://127.0.0.1:${tokens.port}/token\n    service: ${service}\n    issuer: k8ts-test-issuer\n    rootcertbundle: ${tokens.cert}\n`,
  );
  t.after(() => reg.stop());
  const layout = await buildUmociImage(dir, "v1", "private-marker");
  const name = `127.0.0.1:${reg.port}/private/bb:v1`;
  await skopeoPush(layout, "v1", name, "puller:s3cret");
  const store = await ImageStore.open(path.join(dir, "store"));

  const anonymous = await pullImage(store, name);
  assert.ok(!anonymous.ok);
  assert.equal(anonymous.error.code, "Unauthorized");
  assert.match(
    anonymous.error.message,
    /failed to resolve reference ".*": pull access denied, repository does not exist or may require authorization: server message: unauthorized: /,
  );

  const auth = (u: string, p: string): string => Buffer.from(`${u}:${p}`).toString("base64");
  const wrong = await pullImage(store, name, {
    pullSecrets: [{ auths: { [`127.0.0.1:${reg.port}`]: { auth: auth("puller", "nope") } } }],
  });
  assert.ok(!wrong.ok);
  assert.match(
    wrong.error.message,
    /failed to fetch oauth token: unexpected status from GET request to http:\/\/127\.0\.0\.1:\d+\/token\?.*: 401 Unauthorized/,
  );

  // the kubelet tries every matching credential; the second one works
  const ok = await pullImage(store, name, {
    pullSecrets: [
      { auths: { [`127.0.0.1:${reg.port}/private`]: { auth: auth("puller", "nope") } } },
      { auths: { [`127.0.0.1:${reg.port}`]: { username: "puller", password: "s3cret" } } },
    ],
  });
  assert.ok(ok.ok, ok.ok ? "" : ok.error.message);
  const lower = await store.lowerDirs(name);
  assert.equal(await fs.readFile(path.join(lower?.[0] as string, "etc", "marker"), "utf8"), "private-marker");
});

test("pulls over HTTPS from a loopback registry with a self-signed certificate", { skip }, async (t) => {
  const dir = await tempDir(t);
  const reg = await startRegistry(dir, "", await selfSignedCert(dir));
  t.after(() => reg.stop());
  const layout = await buildUmociImage(dir, "v1", "over-tls");
  const name = `127.0.0.1:${reg.port}/secure/bb:v1`;
  await skopeoPush(layout, "v1", name);
  const store = await ImageStore.open(path.join(dir, "store"));
  const r = await pullImage(store, name);
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  const lower = await store.lowerDirs(name);
  assert.equal(await fs.readFile(path.join(lower?.[0] ?? "", "etc", "marker"), "utf8"), "over-tls");
  // the registry speaks only TLS: plain HTTP is refused, so the pull above was HTTPS
  const plain = await pullImage(store, name.replace(":v1", ":v2"), {
    insecureRegistries: [`127.0.0.1:${reg.port}`],
  });
  assert.ok(!plain.ok);
  assert.notEqual(plain.error.code, "NotFound");
});
