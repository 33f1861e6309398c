import { test } from "node:test";
import assert from "node:assert/strict";
import { Type } from "@sinclair/typebox";
import { Quantity as QuantitySchema, StringMap } from "../schema.js";
import {
  parseQuantity,
  canonicalQuantity,
  compareQuantities,
  addQuantities,
  subtractQuantities,
  sumQuantities,
  quantityValue,
  quantityMilliValue,
  quantityScaledValue,
  formatQuantity,
  newQuantity,
  newMilliQuantity,
  normalizeQuantities,
  roundUpQuantity,
  defaultResourceList,
  errFormatWrong,
  errSuffix,
  type Quantity,
} from "./quantity.js";

test("canonical form as upstream serializes it", () => {
  // [input, canonical] — from upstream's quantity_test.go (TestQuantityString, TestQuantityParseEmit, TestParseQuantity).
  const cases: [string | number, string][] = [
    ["100m", "100m"],
    ["128Mi", "128Mi"],
    ["1000m", "1"],
    ["1536Mi", "1536Mi"],
    ["1.5Gi", "1536Mi"],
    ["0.1", "100m"],
    ["1.5", "1500m"],
    ["1e3", "1e3"], // already canonical: kept as written
    ["1000e0", "1e3"],
    ["2", "2"],
    ["+1", "+1"], // upstream re-emits canonical-looking text verbatim
    ["-1", "-1"],
    ["1.500", "1.500"],
    ["1.0", "1"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
    ["0.5Mi", "512Ki"],
    ["5000m", "5"],
    ["0.5", "500m"],
    ["1080000000n", "1080m"],
    ["1.08", "1080m"],
    ["307200Ki", "300Mi"],
    ["1025024Mi", "1001Gi"],
    ["0.001T", "1G"],
    [".001e12", "1e9"],
    ["0.001e0", "1e-3"],
    ["1000e-12", "1e-9"],
    ["00", "0"],
    ["0Ki", "0"],
    ["0", "0"],
    ["3.001n", "4n"],
    ["0.0000000005", "1n"],
    ["0.00000012345", "124n"],
    ["9Ei", "9223372036854775807"],
    ["12E", "12E"],
    ["10000000000000000000", "10E"],
    ["999999999999999999.1", "999999999999999999100m"],
    ["9223372036854775808.1", "9223372036854775808100m"],
    ["-1.0000000000000000001E", "-1000000000000000000100m"],
    ["-1024Mi", "-1Gi"],
    ["-.001Ki", "-1024m"],
    ["1100Ki", "1100Ki"],
    ["1023Ki", "1023Ki"],
    ["1.1Ki", "1126400m"], // 1126.4 is not whole: shown in decimal
    [0.5, "500m"],
    [1000, "1k"],
    [2, "2"],
    [1e21, "1e21"],
  ];
  for (const [input, want] of cases) {
    const got = parseQuantity(input);
    assert.ok(!("error" in got), `${input}: ${"error" in got ? got.error : ""}`);
    assert.equal(formatQuantity(got), want, String(input));
  }
});

test("invalid quantities are rejected with upstream's messages", () => {
  const cases: [string, string][] = [
    ["", errFormatWrong],
    ["aoeu", errFormatWrong],
    ["1.1.M", errFormatWrong],
    ["1+1.0M", errFormatWrong],
    [" 1", errFormatWrong],
    ["1 ", errFormatWrong],
    ["0.1mi", errSuffix],
    ["0.1am", errFormatWrong],
    [".5i", errSuffix],
    ["1i", errSuffix],
    ["-3.01e-", errSuffix],
    ["1e", errSuffix],
    ["+-1", errSuffix],
  ];
  for (const [input, want] of cases) {
    assert.deepEqual(parseQuantity(input), { error: want }, JSON.stringify(input));
  }
  assert.equal(
    errFormatWrong,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

test("formats remembered from the suffix", () => {
  const fmt = (s: string) => (parseQuantity(s) as Quantity).format;
  assert.equal(fmt("1Ki"), "BinarySI");
  assert.equal(fmt("1k"), "DecimalSI");
  assert.equal(fmt("1e3"), "DecimalExponent");
  assert.equal(fmt("0.000000000001Ki"), "DecimalSI"); // below one: binary makes no sense
  assert.equal(fmt("1E"), "DecimalSI"); // E alone is exa
});

test("exact arithmetic: no float drift", () => {
  // 0.1 + 0.2 is 300m exactly, not 0.30000000000000004.
  assert.equal(formatQuantity(addQuantities("0.1", "0.2")), "300m");
  assert.equal(compareQuantities(addQuantities("0.1", "0.2"), "300m"), 0);
  let sum: Quantity = newQuantity(0, "DecimalSI");
  for (let i = 0; i < 1000; i++) sum = addQuantities(sum, "1m");
  assert.equal(formatQuantity(sum), "1");
  assert.equal(formatQuantity(addQuantities("1Gi", "512Mi")), "1536Mi");
  assert.equal(formatQuantity(addQuantities("100m", "1Gi")), "1073741824100m"); // a's format: decimal
  assert.equal(formatQuantity(addQuantities("0", "1Gi")), "1Gi"); // zero takes the other's format
  assert.equal(formatQuantity(subtractQuantities("1", "250m")), "750m");
  assert.equal(formatQuantity(subtractQuantities("1Gi", "1Gi")), "0");
  assert.equal(formatQuantity(sumQuantities(["100m", "200m", "1"])), "1300m");
  // Beyond int64 stays exact.
  assert.equal(formatQuantity(addQuantities("9223372036854775807", "1")), "9223372036854775808");
});

test("compare", () => {
  assert.equal(compareQuantities("1", "1000m"), 0);
  assert.equal(compareQuantities("1Ki", "1k"), 1);
  assert.equal(compareQuantities("999m", "1"), -1);
  assert.equal(compareQuantities("-1", "1m"), -1);
  assert.equal(compareQuantities("-2", "-1"), -1);
  assert.equal(compareQuantities("1e900", "1"), 1);
  assert.equal(compareQuantities("0", "-0"), 0);
  assert.equal(compareQuantities(0.5, "500m"), 0);
});

test("value and milli-value round up away from zero", () => {
  assert.equal(quantityMilliValue("100m"), 100);
  assert.equal(quantityMilliValue("1.5"), 1500);
  assert.equal(quantityMilliValue("1n"), 1);
  assert.equal(quantityMilliValue("2"), 2000);
  assert.equal(quantityValue("128Mi"), 134217728);
  assert.equal(quantityValue("100m"), 1);
  assert.equal(quantityValue("1.5"), 2);
  assert.equal(quantityValue("-1.5"), -2);
  assert.equal(quantityValue("1k"), 1000);
  assert.equal(quantityValue("0"), 0);
  assert.equal(quantityScaledValue("1G", 6), 1000n);
  assert.equal(quantityScaledValue("10E", 0), 10000000000000000000n);
});

test("constructors", () => {
  assert.equal(formatQuantity(newQuantity(4, "DecimalSI")), "4");
  assert.equal(formatQuantity(newQuantity(8 * 1024 * 1024 * 1024, "BinarySI")), "8Gi");
  assert.equal(formatQuantity(newMilliQuantity(250, "DecimalSI")), "250m");
  assert.equal(formatQuantity(newMilliQuantity(1500, "BinarySI")), "1500m");
  assert.equal(canonicalQuantity(newMilliQuantity(0, "DecimalSI")), "0");
});

test("canonicalQuantity trims like the JSON decoder and throws on garbage", () => {
  assert.equal(canonicalQuantity(" 1000m "), "1");
  assert.throws(() => canonicalQuantity("abc"), /quantities must match/);
});

test("normalizeQuantities rewrites every quantity field in place", () => {
  const ResourceRequirements = Type.Object({
    limits: Type.Record(Type.String(), QuantitySchema()),
    requests: Type.Record(Type.String(), QuantitySchema()),
  });
  const Schema = Type.Object({
    metadata: Type.Object({ labels: StringMap() }),
    spec: Type.Object({
      containers: Type.Array(Type.Object({ name: Type.String(), resources: ResourceRequirements })),
      size: QuantitySchema(),
    }),
    data: StringMap(),
  });
  const obj = {
    metadata: { labels: { cpu: "1000m" } },
    spec: {
      containers: [
        { name: "a", resources: { limits: { cpu: "1000m", memory: "1.5Gi" }, requests: { cpu: 0.5 } } },
        { name: "b", resources: { requests: { memory: " 1024Mi" } } },
      ],
      size: 1000,
    },
    data: { x: "1000m" },
  };
  assert.equal(normalizeQuantities(obj, Schema), undefined);
  assert.deepEqual(obj, {
    metadata: { labels: { cpu: "1000m" } }, // not quantities: untouched
    spec: {
      containers: [
        { name: "a", resources: { limits: { cpu: "1", memory: "1536Mi" }, requests: { cpu: "500m" } } },
        { name: "b", resources: { requests: { memory: "1Gi" } } },
      ],
      size: "1k",
    },
    data: { x: "1000m" },
  });

  const bad = { spec: { containers: [{ name: "a", resources: { limits: { cpu: "one" } } }] } };
  assert.deepEqual(normalizeQuantities(bad, Schema), {
    field: "spec.containers[0].resources.limits.cpu",
    error: errFormatWrong,
  });
});

test("roundUpQuantity and defaultResourceList round to milli as SetDefaults_ResourceList", () => {
  assert.equal(formatQuantity(roundUpQuantity("1n", -3)), "1m");
  assert.equal(formatQuantity(roundUpQuantity("-1n", -3)), "-1m");
  assert.equal(formatQuantity(roundUpQuantity("1.000001", -3)), "1001m");
  assert.equal(formatQuantity(roundUpQuantity("1.5", -3)), "1500m");
  assert.equal(formatQuantity(roundUpQuantity("+1", -3)), "+1"); // nothing to round: text kept
  const list: Record<string, string | number> = { cpu: "100u", memory: "1Gi", pods: 2, bad: "x" };
  defaultResourceList(list);
  assert.deepEqual(list, { cpu: "1m", memory: "1Gi", pods: 2, bad: "x" });
});

test("absurd exponents stay cheap: compare exactly, saturate in arithmetic", () => {
  assert.equal(canonicalQuantity("1e999999999"), "1e999999999");
  assert.equal(compareQuantities("1e999999999", "2e999999999"), -1);
  assert.equal(compareQuantities("1e999999999", "9E"), 1);
  assert.equal(quantityMilliValue("1e999999999"), Infinity);
  assert.equal(compareQuantities(addQuantities("1e999999999", "1"), "1e4000"), 1);
});
