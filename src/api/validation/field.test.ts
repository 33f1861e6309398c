import { test } from "node:test";
import assert from "node:assert/strict";
import {
  duplicate,
  errorBody,
  errorString,
  forbidden,
  goJSON,
  goMap,
  goQuote,
  invalid,
  notFound,
  notSupported,
  omitValue,
  required,
  tooFew,
  tooLong,
  tooLongCharacters,
  tooMany,
  tooShort,
  type FieldError,
} from "./field.js";

test("goQuote is Go's strconv.Quote (%q)", () => {
  const cases: [string, string][] = [
    ["abc", '"abc"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["a\nb\tc\rd", '"a\\nb\\tc\\rd"'],
    ["\x07\b\f\v", '"\\a\\b\\f\\v"'],
    ["\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'],
    ["café 日本 😀", '"café 日本 😀"'], // printable Unicode stays as is
    ["a\u00a0b", '"a\\u00a0b"'], // a non-ASCII space is not printable in Go
    ["\u0085\u2028", '"\\u0085\\u2028"'],
    ["\u{e0001}", '"\\U000e0001"'], // a format character outside the BMP
    ["<a&b>", '"<a&b>"'], // %q does no HTML escaping
    ["x\ud800y", '"x\ufffdy"'], // Go's JSON decoder turns a lone surrogate into U+FFFD
  ];
  for (const [input, want] of cases) assert.equal(goQuote(input), want, JSON.stringify(input));
});

test("goJSON is Go's json.Marshal: HTML-safe, maps sorted via goMap, undefined left out", () => {
  assert.equal(goJSON(["a", "b"]), '["a","b"]');
  assert.equal(goJSON({ b: 1, a: [true, null], c: undefined }), '{"b":1,"a":[true,null]}');
  assert.equal(goJSON(goMap({ tier: "fe", app: "web" })), '{"app":"web","tier":"fe"}');
  assert.equal(goJSON(goMap(undefined)), "null");
  assert.equal(goJSON("<a&b>\u2028"), '"\\u003ca\\u0026b\\u003e\\u2028"');
  assert.equal(goJSON("tab\there"), '"tab\\there"');
  assert.equal(goJSON(1.5), "1.5");
});

const body = (e: FieldError) => errorBody(e);

test("values print as ErrorBody does: %v for numbers and bools, %q for strings, JSON otherwise", () => {
  assert.equal(
    body(invalid("f", -1, "must be greater than or equal to 0")),
    "Invalid value: -1: must be greater than or equal to 0",
  );
  assert.equal(body(invalid("f", true, "d")), "Invalid value: true: d");
  assert.equal(body(invalid("f", "a\nb", "d")), 'Invalid value: "a\\nb": d');
  assert.equal(body(invalid("f", 0.5, "d")), "Invalid value: 0.5: d");
  assert.equal(body(invalid("f", 1e-7, "d")), "Invalid value: 1e-07: d"); // %v of a float64
  assert.equal(body(invalid("f", 1234567.5, "d")), "Invalid value: 1.2345675e+06: d");
  assert.equal(body(invalid("f", null, "d")), "Invalid value: null: d");
  assert.equal(body(invalid("f", ["a"], "d")), 'Invalid value: ["a"]: d');
  assert.equal(body(invalid("f", goMap({ b: "2", a: "1" }), "d")), 'Invalid value: {"a":"1","b":"2"}: d');
  // Go's field.OmitValueType{} (and an absent value here) prints no value.
  assert.equal(body(invalid("f", omitValue, "d")), "Invalid value: d");
  assert.equal(body(invalid("f", undefined, "d")), "Invalid value: d");
  assert.equal(body(duplicate("f", 80)), "Duplicate value: 80");
  assert.equal(body(notFound("f", "x")), 'Not found: "x"');
});

test("types without a value, and upstream's details for length and count errors", () => {
  assert.equal(body(required("f")), "Required value");
  assert.equal(body(required("f", "must be set")), "Required value: must be set");
  assert.equal(body(forbidden("f", "not allowed")), "Forbidden: not allowed");
  assert.equal(body(tooLong("f", "xxxx", 3)), "Too long: may not be more than 3 bytes");
  assert.equal(body(tooLong("f", "xx", 1)), "Too long: may not be more than 1 byte");
  assert.equal(body(tooLong("f", "xx", -1)), "Too long: value is too long");
  assert.equal(body(tooLongCharacters("f", "xx", 1)), "Too long: may not be more than 1 character");
  assert.equal(body(tooShort("f", "x", 2)), "Too short: must be at least 2 characters");
  assert.equal(body(tooMany("f", 101, 100)), "Too many: 101: must have at most 100 items");
  assert.equal(body(tooMany("f", 2, 1)), "Too many: 2: must have at most 1 item");
  assert.equal(body(tooMany("f", -1, 100)), "Too many: must have at most 100 items");
  assert.equal(body(tooFew("f", 0, 1)), "Too few: 0: must have at least 1 item");
  assert.equal(
    errorString(notSupported("spec.type", "Bogus", ["ClusterIP", 'we"ird'])),
    'spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "we\\"ird"',
  );
  assert.equal(
    body({ type: "InternalError", field: "f", badValue: "boom", detail: "boom" }),
    "Internal error: boom",
  );
});
