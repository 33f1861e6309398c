import { test } from "node:test";
import assert from "node:assert/strict";
import { credentialsFor, dockerConfigFromSecret, type DockerConfig } from "./credentials.js";

const b64 = (s: string): string => Buffer.from(s).toString("base64");

test("pull secret credentials match by host, port and path, most specific first", () => {
  const configs: DockerConfig[] = [
    {
      auths: {
        "127.0.0.1:5000": { auth: b64("any:one") },
        "127.0.0.1:5000/team": { username: "team", password: "t" },
      },
    },
    { auths: { "https://index.docker.io/v1/": { auth: b64("hub:pw") } } },
    { "*.example.com": { auth: b64("wild:card") } },
  ];
  assert.deepEqual(
    credentialsFor(configs, "127.0.0.1:5000", "team/app").map((a) => a.username),
    ["team", "any"],
  );
  assert.deepEqual(
    credentialsFor(configs, "127.0.0.1:5000", "other/app").map((a) => [a.username, a.password]),
    [["any", "one"]],
  );
  assert.deepEqual(credentialsFor(configs, "127.0.0.1:5001", "team/app"), []);
  assert.deepEqual(
    credentialsFor(configs, "docker.io", "library/busybox").map((a) => a.username),
    ["hub"],
  );
  assert.deepEqual(
    credentialsFor(configs, "registry.example.com", "x").map((a) => a.username),
    ["wild"],
  );
  assert.deepEqual(credentialsFor(configs, "a.b.example.com", "x"), []);
});

test("secrets of both docker config types decode", () => {
  const json = { auths: { "r.io": { auth: b64("u:p") } } };
  const s1 = {
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": b64(JSON.stringify(json)) },
  };
  assert.deepEqual(dockerConfigFromSecret(s1), json);
  const legacy = { "r.io": { auth: b64("u:p") } };
  const s2 = { type: "kubernetes.io/dockercfg", data: { ".dockercfg": b64(JSON.stringify(legacy)) } };
  assert.deepEqual(
    credentialsFor([dockerConfigFromSecret(s2) as DockerConfig], "r.io", "a/b")[0]?.password,
    "p",
  );
  assert.equal(dockerConfigFromSecret({ type: "Opaque", data: {} }), undefined);
});
