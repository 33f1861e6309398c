import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { negotiateInput, negotiateOutput, parseAccept } from "./negotiate.js";
import { StatusError } from "../errors.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const q = new URLSearchParams();
const resource = { allowConversion: true, stream: false };

test("Accept: order by q and specificity; conversions only into meta.k8s.io v1/v1beta1", () => {
  assert.deepEqual(
    parseAccept("text/*;q=0.5, application/json, */*;q=0.1").map((m) => `${m.type}/${m.subtype}`),
    ["application/json", "text/*", "*/*"],
  );
  const table = negotiateOutput(
    req({ accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" }),
    q,
    resource,
  );
  assert.equal(table.convert, "Table");
  assert.equal(table.convertVersion, "v1");
  const noGroup = negotiateOutput(req({ accept: "application/json;as=Table,application/yaml" }), q, resource);
  assert.equal(noGroup.convert, undefined);
  assert.equal(noGroup.format, "yaml");
  assert.equal(negotiateOutput(req({}), q, resource).format, "json");
  assert.equal(negotiateOutput(req({ accept: "*/*" }), q, resource).contentType, "application/json");
  assert.throws(
    () => negotiateOutput(req({ accept: "application/vnd.kubernetes.protobuf" }), q, resource),
    (e: unknown) => e instanceof StatusError && e.code === 406,
  );
  assert.throws(() =>
    negotiateOutput(req({ accept: "application/yaml" }), q, { allowConversion: true, stream: true }),
  );
});

test("Content-Type: missing is JSON, parameters are ignored, anything else is 415", () => {
  assert.equal(negotiateInput(req({})), "json");
  assert.equal(negotiateInput(req({ "content-type": "application/json; charset=utf-8" })), "json");
  assert.equal(negotiateInput(req({ "content-type": "application/yaml" })), "yaml");
  assert.equal(negotiateInput(req({ "content-type": "application/vnd.kubernetes.protobuf" })), "protobuf");
  assert.throws(
    () => negotiateInput(req({ "content-type": "text/plain" })),
    (e: unknown) => e instanceof StatusError && e.code === 415,
  );
  assert.throws(
    () => negotiateInput(req({ "content-type": "garbage" })),
    (e: unknown) => e instanceof StatusError && e.code === 415,
  );
});
