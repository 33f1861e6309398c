import { test } from "node:test";
import assert from "node:assert/strict";
import { RoutingTable, prefixMatches, wildcardMatches, stripPort, type RIngress } from "./routes.js";

type Path = { path?: string; pathType: string; svc: string };
function ing(
  name: string,
  rules: { host?: string; paths: Path[] }[],
  o: { created?: string; defaultSvc?: string } = {},
): RIngress {
  return {
    metadata: { name, namespace: "default", creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" },
    spec: {
      defaultBackend: o.defaultSvc ? { service: { name: o.defaultSvc, port: { number: 80 } } } : undefined,
      rules: rules.map((r) => ({
        host: r.host,
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.pathType,
            backend: { service: { name: p.svc, port: { number: 80 } } },
          })),
        },
      })),
    },
  };
}
const svcOf = (t: RoutingTable, host: string, path: string) => t.match(host, path)?.backend.service;

test("Prefix matching is element-wise and ignores a trailing slash", () => {
  assert.equal(prefixMatches("/foo", "/foo"), true);
  assert.equal(prefixMatches("/foo", "/foo/"), true);
  assert.equal(prefixMatches("/foo", "/foo/bar"), true);
  assert.equal(prefixMatches("/foo", "/foobar"), false);
  assert.equal(prefixMatches("/foo/", "/foo"), true);
  assert.equal(prefixMatches("/foo/bar", "/foo"), false);
  assert.equal(prefixMatches("/", "/anything/at/all"), true);
});

test("wildcard hosts match exactly one label", () => {
  assert.equal(wildcardMatches("*.example.test", "app.example.test"), true);
  assert.equal(wildcardMatches("*.example.test", "a.b.example.test"), false);
  assert.equal(wildcardMatches("*.example.test", "example.test"), false);
  assert.equal(wildcardMatches("*.example.test", ".example.test"), false);
});

test("Exact wins over Prefix for the same path; the longest prefix wins otherwise", () => {
  const t = new RoutingTable([
    ing("a", [
      {
        host: "app.example.test",
        paths: [
          { path: "/", pathType: "Prefix", svc: "root" },
          { path: "/api", pathType: "Prefix", svc: "api-prefix" },
          { path: "/api", pathType: "Exact", svc: "api-exact" },
          { path: "/api/v1", pathType: "ImplementationSpecific", svc: "v1" },
        ],
      },
    ]),
  ]);
  assert.equal(svcOf(t, "app.example.test", "/api"), "api-exact");
  assert.equal(svcOf(t, "app.example.test", "/api/"), "api-prefix");
  assert.equal(svcOf(t, "app.example.test", "/api/users"), "api-prefix");
  assert.equal(svcOf(t, "app.example.test", "/api/v1/x"), "v1");
  assert.equal(svcOf(t, "app.example.test", "/apix"), "root");
  assert.equal(svcOf(t, "APP.example.test:8080", "/other"), "root");
});

test("an exact host beats a wildcard, which beats rules without a host; a host without a matching path falls to the default backend", () => {
  const t = new RoutingTable([
    ing(
      "a",
      [
        { host: "app.example.test", paths: [{ path: "/app", pathType: "Prefix", svc: "exact-host" }] },
        { host: "*.example.test", paths: [{ path: "/", pathType: "Prefix", svc: "wildcard" }] },
        { paths: [{ path: "/", pathType: "Prefix", svc: "any-host" }] },
      ],
      { defaultSvc: "fallback" },
    ),
  ]);
  assert.equal(svcOf(t, "app.example.test", "/app/x"), "exact-host");
  assert.equal(svcOf(t, "app.example.test", "/other"), "fallback");
  assert.equal(svcOf(t, "web.example.test", "/other"), "wildcard");
  assert.equal(svcOf(t, "a.web.example.test", "/"), "any-host");
  assert.equal(svcOf(t, "elsewhere.test", "/x"), "any-host");
});

test("nothing matches and no default backend: no route", () => {
  const t = new RoutingTable([
    ing("a", [{ host: "app.example.test", paths: [{ path: "/", pathType: "Exact", svc: "root" }] }]),
  ]);
  assert.equal(svcOf(t, "app.example.test", "/"), "root");
  assert.equal(t.match("app.example.test", "/x"), undefined);
  assert.equal(t.match("other.test", "/"), undefined);
});

test("the same host and path in two Ingresses: the older one wins, rules of different Ingresses merge", () => {
  const t = new RoutingTable([
    ing("newer", [{ host: "h.test", paths: [{ path: "/a", pathType: "Prefix", svc: "new" }] }], {
      created: "2026-02-01T00:00:00Z",
    }),
    ing(
      "older",
      [
        {
          host: "h.test",
          paths: [
            { path: "/a", pathType: "Prefix", svc: "old" },
            { path: "/b", pathType: "Prefix", svc: "old-b" },
          ],
        },
      ],
      { created: "2026-01-01T00:00:00Z", defaultSvc: "old-default" },
    ),
    ing("later-default", [], { created: "2026-03-01T00:00:00Z", defaultSvc: "late-default" }),
  ]);
  assert.equal(svcOf(t, "h.test", "/a/1"), "old");
  assert.equal(svcOf(t, "h.test", "/b"), "old-b");
  assert.equal(svcOf(t, "x.test", "/"), "old-default");
  assert.equal(t.match("h.test", "/a")?.backend.ingress, "default/older");
});

test("backends by port name are kept; paths without a service backend are skipped", () => {
  const i = ing("a", [{ host: "h.test", paths: [{ path: "/", pathType: "Prefix", svc: "s" }] }]);
  (i.spec!.rules![0].http!.paths[0].backend.service as { port: unknown }).port = { name: "http" };
  const t = new RoutingTable([i]);
  assert.deepEqual(t.match("h.test", "/x")?.backend, {
    namespace: "default",
    ingress: "default/a",
    service: "s",
    port: "http",
  });
});

test("stripPort handles names, IPv4 and bracketed IPv6", () => {
  assert.equal(stripPort("a.test:80"), "a.test");
  assert.equal(stripPort("127.0.0.1:8080"), "127.0.0.1");
  assert.equal(stripPort("[::1]:80"), "::1");
  assert.equal(stripPort("a.test"), "a.test");
});
