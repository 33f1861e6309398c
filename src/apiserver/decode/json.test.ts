import { test } from "node:test";
import assert from "node:assert/strict";
import { goSyntaxError, parseJSON, quoteChar } from "./json.js";

const err = (s: string) => goSyntaxError(Buffer.from(s, "utf8"));

test("Go's encoding/json syntax errors, word for word", () => {
  assert.equal(err(""), "unexpected end of JSON input");
  assert.equal(err("{"), "unexpected end of JSON input");
  assert.equal(err("x"), "invalid character 'x' looking for beginning of value");
  assert.equal(err("{x"), "invalid character 'x' looking for beginning of object key string");
  assert.equal(err('{"a" 1}'), "invalid character '1' after object key");
  assert.equal(err('{"a":1 "b":2}'), "invalid character '\"' after object key:value pair");
  assert.equal(err("[1 2]"), "invalid character '2' after array element");
  assert.equal(err("{} x"), "invalid character 'x' after top-level value");
  assert.equal(err("tru"), "unexpected end of JSON input");
  assert.equal(err("trux"), "invalid character 'x' in literal true (expecting 'e')");
  assert.equal(err("nul!"), "invalid character '!' in literal null (expecting 'l')");
  assert.equal(err("-a"), "invalid character 'a' in numeric literal");
  assert.equal(err("1.x"), "invalid character 'x' after decimal point in numeric literal");
  assert.equal(err("1ex"), "invalid character 'x' in exponent of numeric literal");
  assert.equal(err("01"), "invalid character '1' after top-level value");
  assert.equal(err('"a\\q"'), "invalid character 'q' in string escape code");
  assert.equal(err('"\\u12x4"'), "invalid character 'x' in \\u hexadecimal character escape");
  assert.equal(err('"a\nb"'), "invalid character '\\n' in string literal");
  assert.equal(err('{"a":1,}'), "invalid character '}' looking for beginning of object key string");
  assert.equal(err("[1,]"), "invalid character ']' looking for beginning of value");
  assert.equal(err('{"a":[1,{"b":true}]}'), undefined);
});

test("quoteChar prints bytes as Go does", () => {
  assert.equal(quoteChar(0x27), "'\\''");
  assert.equal(quoteChar(0x22), "'\"'");
  assert.equal(quoteChar(0x00), "'\\x00'");
  assert.equal(quoteChar(0x09), "'\\t'");
  assert.equal(quoteChar(0xc3), "'Ã'");
  assert.equal(quoteChar(0x85), "'\\u0085'");
});

test("nesting deeper than 10000 is refused as Go refuses it", () => {
  const r = parseJSON(Buffer.from("[".repeat(10001) + "]".repeat(10001)));
  assert.deepEqual(r, { ok: false, error: "invalid character '[' exceeded max depth" });
  const fine = parseJSON(Buffer.from("[".repeat(10000) + "]".repeat(10000)));
  assert.equal(fine.ok, true);
});

test("duplicate keys are found with their paths; values keep the last", () => {
  const r = parseJSON(
    Buffer.from('{"a":1,"b":{"c":[{"d":1,"d":2}],"c":3},"a":4,"s":"{\\"a\\":1,\\"a\\":2}"}'),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.duplicates, ["b.c[0].d", "b.c", "a"]);
  assert.deepEqual(r.value, { a: 4, b: { c: 3 }, s: '{"a":1,"a":2}' });
  const none = parseJSON(Buffer.from('{"a":{"b":1},"c":[{"b":1},{"b":2}]}'));
  assert.ok(none.ok);
  assert.deepEqual(none.duplicates, []);
});
