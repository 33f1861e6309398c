import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeContinue, encodeContinue } from "./continue.js";
import { StatusError } from "../errors.js";

const prefix = "/registry/core/v1/pods/default/";

test("tokens round-trip relative to the list prefix", () => {
  const t = encodeContinue(`${prefix}web-1\u0000`, prefix, 42);
  assert.deepEqual(JSON.parse(Buffer.from(t, "base64url").toString()), {
    v: "meta.k8s.io/v1",
    rv: 42,
    start: "web-1\u0000",
  });
  assert.deepEqual(decodeContinue(t, prefix), { startKey: `${prefix}web-1\u0000`, rv: 42 });
});

test("invalid tokens are 400 with upstream's reasons", () => {
  const msg = (t: string) => {
    try {
      decodeContinue(t, prefix);
    } catch (e) {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 400);
      return e.message;
    }
    return "";
  };
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  assert.equal(
    msg(enc({ v: "meta.k8s.io/v1", rv: 0, start: "a" })),
    "invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
  );
  assert.equal(
    msg(enc({ v: "meta.k8s.io/v1", rv: 5, start: "" })),
    "invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)",
  );
  assert.equal(
    msg(enc({ v: "v9", rv: 5, start: "a" })),
    "invalid continue token: continue key is not valid: server does not recognize this encoded version v9",
  );
  assert.equal(
    msg(enc({ v: "meta.k8s.io/v1", rv: 5, start: "../../secrets/x" })),
    "invalid continue token: continue key is not valid: ../../secrets/x",
  );
  assert.equal(
    msg("a=b"),
    "invalid continue token: continue key is not valid: illegal base64 data at input byte 1",
  );
});
