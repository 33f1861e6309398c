// The captured kubectl bodies against the API's real schemas (src/api), for every kind served so far.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TSchema } from "@sinclair/typebox";
import pb from "protobufjs/minimal.js";
import { allResources, groupVersion } from "../../api/index.js";
import { TokenRequest, TokenReview } from "../../api/authentication/v1/types.js";
import { decodeKubeProtobuf, encodeKubeProtobuf } from "./index.js";
import { writeEnvelope } from "./envelope.js";
import { captured } from "./testdata/kubectl-bodies.js";

const kinds = new Map<string, TSchema>(allResources.map((r) => [`${groupVersion(r)}/${r.kind}`, r.schema]));
// serviceaccounts/token takes a TokenRequest: a subresource's kind, not a resource of its own.
kinds.set("authentication.k8s.io/v1/TokenRequest", TokenRequest);
const lookup = (apiVersion: string, kind: string) => kinds.get(`${apiVersion}/${kind}`);

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  }
  return v;
}

const served = Object.entries(captured).filter(([, b]) => {
  const env = decodeKubeProtobuf(Buffer.from(b.protobuf, "hex"), () => undefined);
  const m = !env.ok && /^no kind "([^"]+)" is registered for version "([^"]+)"/.exec(env.error.message);
  return m && lookup(m[2], m[1]);
});

test("the real schemas cover the kinds kubectl 1.32 writes that are served so far", () => {
  const names = served.map(([n]) => n);
  for (const n of ["selfsubjectaccessreview", "tokenrequest", "role", "ingress", "priorityclass"]) {
    assert.ok(names.includes(n), `${n} should be decodable with the real schemas`);
  }
});

for (const [, body] of served) {
  test(`real schema: ${body.command}`, () => {
    const r = decodeKubeProtobuf(Buffer.from(body.protobuf, "hex"), lookup);
    if (!r.ok) assert.fail(r.error.message);
    // Pointer zeros (deployment-replicas0's spec.replicas: 0) survive: the schemas mark them x-proto-pointer.
    assert.deepEqual(r.object, withoutNulls(JSON.parse(body.json)));
  });
}

test("UserInfo.extra: map values of the x-proto-wrapped ExtraValue come as {items = 1} messages", () => {
  // TokenReview {status = 3 {user = 2 {username = 1, extra = 4 {key = 1, value = 2 {items = 1…}}}}}
  const w = pb.Writer.create();
  w.uint32((3 << 3) | 2).fork(); // status
  w.uint32((1 << 3) | 0).bool(true); // authenticated
  w.uint32((2 << 3) | 2).fork(); // user
  w.uint32((1 << 3) | 2).string("alice");
  w.uint32((4 << 3) | 2).fork(); // extra entry
  w.uint32((1 << 3) | 2).string("scopes");
  w.uint32((2 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string("read");
  w.uint32((1 << 3) | 2).string("write");
  w.ldelim();
  w.ldelim();
  w.ldelim();
  w.ldelim();
  const r = decodeKubeProtobuf(
    writeEnvelope("authentication.k8s.io/v1", "TokenReview", w.finish()),
    () => TokenReview,
  );
  if (!r.ok) assert.fail(r.error.message);
  assert.deepEqual((r.object as any).status, {
    authenticated: true,
    user: { username: "alice", extra: { scopes: ["read", "write"] } },
  });
  assert.deepEqual(
    decodeKubeProtobuf(encodeKubeProtobuf(r.object, TokenReview), () => TokenReview),
    r,
  );
});
