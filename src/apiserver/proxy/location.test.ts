import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../errors.js";
import { isGlobalUnicast, podLocation, splitSchemeNamePort } from "./location.js";
import { backendPath, rewriteLocation } from "./upgradeaware.js";

test("[scheme:]name[:port] as upstream's SplitSchemeNamePort reads it", () => {
  assert.deepEqual(splitSchemeNamePort("web"), { scheme: "", name: "web", port: "" });
  assert.deepEqual(splitSchemeNamePort("web:8080"), { scheme: "", name: "web", port: "8080" });
  assert.deepEqual(splitSchemeNamePort("https:web:tls"), { scheme: "https", name: "web", port: "tls" });
  assert.deepEqual(splitSchemeNamePort("http:web:"), { scheme: "http", name: "web", port: "" });
  for (const bad of ["", ":80", "ftp:web:21", "a:b:c:d"]) assert.equal(splitSchemeNamePort(bad), undefined);
});

test("pod IPs upstream's pods/proxy may reach: global unicast only", () => {
  for (const ip of ["10.42.0.5", "192.168.1.1", "8.8.8.8", "fd00::1", "2001:db8::1"])
    assert.equal(isGlobalUnicast(ip), true, ip);
  for (const ip of [
    "",
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "169.254.1.1",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
  ])
    assert.equal(isGlobalUnicast(ip), false, ip);
  const pod = {
    metadata: { name: "web" },
    spec: { containers: [{ ports: [{ containerPort: 80 }] }] },
    status: { podIP: "127.0.0.1" },
  };
  assert.throws(
    () => podLocation(pod, splitSchemeNamePort("web")!),
    (e: unknown) => e instanceof StatusError && e.code === 400 && e.message === "address not allowed",
  );
  assert.deepEqual(
    podLocation({ ...pod, status: { podIPs: [{ ip: "10.42.0.5" }] } }, splitSchemeNamePort("web")!),
    {
      scheme: "http",
      host: "10.42.0.5",
      port: "80",
    },
  );
});

test("the backend path: cleaned as path.Join, the trailing slash kept", () => {
  assert.equal(backendPath(""), "");
  assert.equal(backendPath("/"), "/");
  assert.equal(backendPath("/a/./b/../c/"), "/a/c/");
  assert.equal(backendPath("/../x"), "/x");
});

test("a backend's redirect is moved under the proxy path as upstream's rewriteURL does", () => {
  const prefix = "/api/v1/namespaces/default/pods/web/proxy";
  assert.equal(rewriteLocation("/login", "10.0.0.5:80", "api:6443", prefix), `${prefix}/login`);
  assert.equal(
    rewriteLocation("http://10.0.0.5:80/a/?q=1", "10.0.0.5:80", "api:6443", prefix),
    `${prefix}/a/?q=1`,
  );
  assert.equal(
    rewriteLocation("https://example.com/x", "10.0.0.5:80", "api:6443", prefix),
    "https://example.com/x",
  );
  assert.equal(rewriteLocation("relative/path", "10.0.0.5:80", "api:6443", prefix), "relative/path");
  assert.equal(rewriteLocation(`${prefix}/already`, "10.0.0.5:80", "api:6443", prefix), `${prefix}/already`);
});
