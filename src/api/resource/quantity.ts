// resource.Quantity (k8s.io/apimachinery/pkg/api/resource): a fixed-point number with a suffix
// ("100m", "128Mi", "1.5Gi", "1e3"), kept exact with bigint — never a float — and written back in
// upstream's canonical form, which is what the API server stores and returns.
import type { TSchema } from "@sinclair/typebox";

/** How a quantity is written: 12e6, 12Mi (12 × 2^20) or 12M (12 × 10^6). */
export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

/** value = mantissa × 10^exponent; exponent ≥ -9 (nano is the finest unit, as upstream). */
export interface Quantity {
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
  /** The text as written, when upstream would re-emit it unchanged (it was already in canonical form). */
  readonly text?: string;
}

export type QuantityLike = Quantity | string | number;

const splitREString = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
/** Upstream's parse errors (ErrFormatWrong, ErrSuffix), word for word. */
export const errFormatWrong = `quantities must match the regular expression '${splitREString}'`;
export const errSuffix = "unable to parse quantity's suffix";

// The same split upstream's hand-written scanner makes: sign, leading zeros, integer digits,
// optional "." and fraction digits, then suffix letters with an optional signed exponent.
const scanRe = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryByPower = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

const nanoExponent = -9;
const maxInt64 = (1n << 63n) - 1n;
const int64Re = /^[+-]?[0-9]+$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
/**
 * Quantities may carry exponents up to 2^31; aligning such a value to a small one would need a
 * billion-digit integer. Beyond 10^4000 (far past any int64 or double) values saturate instead.
 */
const maxShift = 4000;
const shiftUp = (m: bigint, n: number): bigint => m * pow10(Math.min(n, maxShift));
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(s: string): Suffix | undefined {
  if (s in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[s], format: "DecimalSI" };
  if (s in binarySuffixes) return { base: 2, exponent: binarySuffixes[s], format: "BinarySI" };
  if (s.length > 1 && (s[0] === "e" || s[0] === "E")) {
    const rest = s.slice(1);
    if (!int64Re.test(rest)) return undefined;
    const n = BigInt(rest);
    if (n > maxInt64 || n < -maxInt64 - 1n) return undefined;
    // Upstream parses an int64 and keeps its low 32 bits.
    return { base: 10, exponent: Number(BigInt.asIntN(32, n)), format: "DecimalExponent" };
  }
  return undefined;
}

/** Divides by 10^n rounding away from zero (inf.RoundUp). */
function divRoundAway(m: bigint, n: number): bigint {
  if (n <= 0) return shiftUp(m, -n);
  const a = abs(m);
  // A divisor longer than the number always leaves a fraction: the result is ±1.
  if (a.toString().length < n) return m === 0n ? 0n : m < 0n ? -1n : 1n;
  const d = pow10(n);
  let q = a / d;
  if (q * d !== a) q += 1n;
  return m < 0n ? -q : q;
}

/** Rounds to nano, away from zero, as upstream does with every parsed value. */
function toNano(mantissa: bigint, exponent: number): [bigint, number] {
  if (mantissa === 0n) return [0n, 0];
  if (exponent >= nanoExponent) return [mantissa, exponent];
  return [divRoundAway(mantissa, nanoExponent - exponent), nanoExponent];
}

/** Parses a quantity as upstream's ParseQuantity does (a JSON number is parsed from its text). */
export function parseQuantity(v: string | number): Quantity | { error: string } {
  const str = typeof v === "number" ? numberText(v) : v;
  if (str === undefined || str.length === 0) return { error: errFormatWrong };
  if (str === "0") return { mantissa: 0n, exponent: 0, format: "DecimalSI", text: "0" };

  const m = scanRe.exec(str);
  if (!m) return { error: errFormatWrong };
  const [, sign, intDigits, fracDigits = "", suffixText] = m;
  const negative = sign === "-";
  const num = intDigits === "" ? "0" : intDigits;
  const suffix = interpretSuffix(suffixText);
  if (!suffix) return { error: errSuffix };

  // The exact value, before rounding and capping.
  let mantissa = BigInt(num + fracDigits);
  let exponent = -fracDigits.length;
  if (suffix.base === 10) exponent += suffix.exponent;
  else mantissa <<= BigInt(suffix.exponent);
  if (negative) mantissa = -mantissa;

  const text = keepsText(str, num, fracDigits, suffix, mantissa) ? str : undefined;
  let format = suffix.format;
  [mantissa, exponent] = toNano(mantissa, exponent);
  if (format === "BinarySI") {
    if (compareParts(abs(mantissa), exponent, maxInt64, 0) > 0) {
      // Upstream caps binary quantities at the largest int64.
      mantissa = negative ? -maxInt64 : maxInt64;
      exponent = 0;
    } else if (mantissa !== 0n && compareParts(abs(mantissa), exponent, 1n, 0) < 0) {
      // Below one a binary suffix makes no sense; upstream switches to decimal.
      format = "DecimalSI";
    }
  }
  return text === undefined ? { mantissa, exponent, format } : { mantissa, exponent, format, text };
}

/**
 * Upstream keeps the written text when its int64 fast path accepts the number and it already
 * looks canonical (so "+1", "1.500" and "1025Ki" are re-emitted exactly as written).
 */
function keepsText(str: string, num: string, frac: string, suffix: Suffix, value: bigint): boolean {
  let precision: number;
  let scale: number;
  if (suffix.format === "BinarySI") {
    if (frac.length > 0) return false;
    precision = 15 - num.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
    scale = 0;
  } else {
    precision = 18 - (num.length + frac.length);
    scale = suffix.exponent - frac.length;
  }
  if (precision < 0 || scale < nanoExponent) return false;
  if (abs(value) > maxInt64) return false;
  const shifted = num + frac;
  if (suffix.format === "BinarySI") return (BigInt(shifted) & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
}

/** A JSON number's text as Go's decoder would see it (JS keeps only the value). */
function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  return String(n).replace("e+", "e");
}

/** Like upstream's MustParse: for values known to be valid (stored objects, constants). */
export function mustParseQuantity(v: QuantityLike): Quantity {
  if (typeof v === "object") return v;
  const q = parseQuantity(typeof v === "string" ? v.trim() : v);
  if ("error" in q) throw new TypeError(`cannot parse '${String(v)}': ${q.error}`);
  return q;
}

/**
 * A quantity as Quantity.UnmarshalJSON reads one from a JSON string or number (spaces around it
 * trimmed), or undefined when it is not one (decoding or validation reports those).
 */
export function tryQuantity(v: string | number | undefined): Quantity | undefined {
  if (v === undefined) return undefined;
  const q = parseQuantity(typeof v === "string" ? v.trim() : v);
  return "error" in q ? undefined : q;
}

/** The canonical string upstream serializes (String()/MarshalJSON). */
export function formatQuantity(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.mantissa === 0n) return "0";
  let [m, e] = toNano(q.mantissa, q.exponent);
  let format = q.format;
  if (format === "BinarySI") {
    const whole = divRoundAway(m, -e);
    // Small or fractional binary values are shown in decimal so nothing is lost.
    const exact = e >= 0 || whole * pow10(-e) === m;
    if (!exact || compareParts(abs(m), e, 1024n, 0) < 0) format = "DecimalSI";
    else return formatBinary(whole);
  }
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  while (e % 3 !== 0) {
    m *= 10n;
    e--;
  }
  if (format === "DecimalExponent") return e === 0 ? `${m}` : `${m}e${e}`;
  // Past exa there is no SI suffix; upstream would drop the exponent (a bug), we keep the value.
  if (e > 18) {
    m *= pow10(e - 18);
    e = 18;
  }
  return `${m}${decimalByExponent.get(e) ?? ""}`;
}

function formatBinary(whole: bigint): string {
  let m = whole;
  let power = 0;
  while (power < binaryByPower.length - 1 && abs(m) >= 1024n && m % 1024n === 0n) {
    m /= 1024n;
    power++;
  }
  return `${m}${binaryByPower[power]}`;
}

/** The canonical string of a quantity given as text, a JSON number or a parsed value. */
export function canonicalQuantity(v: QuantityLike): string {
  return formatQuantity(mustParseQuantity(v));
}

/** Compares m1·10^e1 with m2·10^e2 (both non-negative or of any sign). */
function compareParts(m1: bigint, e1: number, m2: bigint, e2: number): number {
  const s1 = m1 === 0n ? 0 : m1 < 0n ? -1 : 1;
  const s2 = m2 === 0n ? 0 : m2 < 0n ? -1 : 1;
  if (s1 !== s2) return s1 < s2 ? -1 : 1;
  if (s1 === 0) return 0;
  // Different orders of magnitude decide without aligning (keeps 1e900000 vs 1 cheap).
  const o1 = abs(m1).toString().length + e1;
  const o2 = abs(m2).toString().length + e2;
  if (o1 !== o2) return (o1 < o2 ? -1 : 1) * s1;
  const e = Math.min(e1, e2);
  const a = m1 * pow10(e1 - e);
  const b = m2 * pow10(e2 - e);
  return a === b ? 0 : a < b ? -1 : 1;
}

/** -1, 0 or 1 as a < b, a = b, a > b (upstream's Cmp). */
export function compareQuantities(a: QuantityLike, b: QuantityLike): number {
  const x = mustParseQuantity(a);
  const y = mustParseQuantity(b);
  return compareParts(x.mantissa, x.exponent, y.mantissa, y.exponent);
}

/** a + b; the result keeps a's format unless a is zero (upstream's Add). */
export function addQuantities(a: QuantityLike, b: QuantityLike): Quantity {
  const x = mustParseQuantity(a);
  const y = mustParseQuantity(b);
  const e = Math.min(x.exponent, y.exponent);
  const mantissa = shiftUp(x.mantissa, x.exponent - e) + shiftUp(y.mantissa, y.exponent - e);
  const format = x.mantissa === 0n ? y.format : x.format;
  return mantissa === 0n ? { mantissa, exponent: 0, format } : { mantissa, exponent: e, format };
}

/** a - b (upstream's Sub). */
export function subtractQuantities(a: QuantityLike, b: QuantityLike): Quantity {
  const y = mustParseQuantity(b);
  return addQuantities(a, { mantissa: -y.mantissa, exponent: y.exponent, format: y.format });
}

/** The sum of many quantities (e.g. container requests); zero is "0" in DecimalSI. */
export function sumQuantities(items: Iterable<QuantityLike>): Quantity {
  let total: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };
  for (const q of items) total = addQuantities(total, q);
  return total;
}

/** ceil(q / 10^scale) away from zero, exact (upstream's ScaledValue without overflow). */
export function quantityScaledValue(q: QuantityLike, scale: number): bigint {
  const x = mustParseQuantity(q);
  return divRoundAway(x.mantissa, scale - x.exponent);
}

/** The value rounded up to a whole number, away from zero (upstream's Value()). */
export function quantityValue(q: QuantityLike): number {
  return Number(quantityScaledValue(q, 0));
}

/** ceil(q × 1000) (upstream's MilliValue(); CPU in millicores). */
export function quantityMilliValue(q: QuantityLike): number {
  return Number(quantityScaledValue(q, -3));
}

/** A whole-number quantity in the given format (upstream's NewQuantity). */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return { mantissa: BigInt(value), exponent: 0, format };
}

/** value/1000 (upstream's NewMilliQuantity). */
export function newMilliQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  const m = BigInt(value);
  return m === 0n ? { mantissa: 0n, exponent: 0, format } : { mantissa: m, exponent: -3, format };
}

/** Rounds up (away from zero) to 10^scale, keeping the text when nothing changes (upstream's RoundUp). */
export function roundUpQuantity(q: QuantityLike, scale: number): Quantity {
  const x = mustParseQuantity(q);
  if (x.exponent >= scale || x.mantissa === 0n) return x;
  const m = divRoundAway(x.mantissa, scale - x.exponent);
  return { mantissa: m, exponent: m === 0n ? 0 : scale, format: x.format };
}

/**
 * SetDefaults_ResourceList: every quantity in a resource list is rounded up to milli units
 * ("1n" becomes "1m"), in place. Values that are not quantities are left for decoding to reject.
 */
export function defaultResourceList(list: Record<string, string | number> | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = tryQuantity(v);
    if (!q || q.exponent >= -3) continue;
    list![k] = formatQuantity(roundUpQuantity(q, -3));
  }
}

type SchemaNode = TSchema & Record<string, unknown>;

const hasQuantityCache = new WeakMap<object, boolean>();

function children(s: SchemaNode): SchemaNode[] {
  const out: SchemaNode[] = [];
  const props = s.properties as Record<string, SchemaNode> | undefined;
  if (props) out.push(...Object.values(props));
  const pattern = s.patternProperties as Record<string, SchemaNode> | undefined;
  if (pattern) out.push(...Object.values(pattern));
  if (s.additionalProperties && typeof s.additionalProperties === "object")
    out.push(s.additionalProperties as SchemaNode);
  if (s.items && typeof s.items === "object" && !Array.isArray(s.items)) out.push(s.items as SchemaNode);
  for (const k of ["anyOf", "oneOf", "allOf"] as const) {
    const list = s[k] as SchemaNode[] | undefined;
    if (Array.isArray(list)) out.push(...list);
  }
  return out;
}

function isQuantitySchema(s: SchemaNode): boolean {
  return s["x-proto-type"] === "quantity";
}

/** Whether any quantity sits under this schema (cached, so ConfigMap data is not walked). */
function hasQuantity(s: SchemaNode, seen = new Set<object>()): boolean {
  const cached = hasQuantityCache.get(s);
  if (cached !== undefined) return cached;
  if (seen.has(s)) return false;
  seen.add(s);
  const result = isQuantitySchema(s) || children(s).some((c) => hasQuantity(c, seen));
  hasQuantityCache.set(s, result);
  return result;
}

/** Where a quantity failed to parse; the message is upstream's decode error. */
export interface QuantityError {
  field: string;
  error: string;
}

/**
 * Replaces every quantity in `obj` (fields whose schema is marked "x-proto-type": "quantity") with
 * its canonical string, in place — what upstream's decode/encode round trip does before storing.
 * Returns the first value that is not a quantity (upstream fails the whole decode on it).
 */
export function normalizeQuantities(obj: unknown, schema: TSchema): QuantityError | undefined {
  return walk(obj, schema, "");
}

function walk(value: unknown, s: SchemaNode, path: string): QuantityError | undefined {
  if (value === null || value === undefined || !hasQuantity(s)) return undefined;
  if (Array.isArray(value)) {
    const items = s.items as SchemaNode | undefined;
    if (!items || typeof items !== "object") return undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isQuantitySchema(items)) {
        const r = canonical(item, `${path}[${i}]`);
        if (typeof r !== "string") return r;
        value[i] = r;
      } else {
        const err = walk(item, items, `${path}[${i}]`);
        if (err) return err;
      }
    }
    return undefined;
  }
  if (typeof value !== "object") return undefined;
  const rec = value as Record<string, unknown>;
  const props = (s.properties ?? {}) as Record<string, SchemaNode>;
  const pattern = Object.values((s.patternProperties ?? {}) as Record<string, SchemaNode>)[0];
  const additional =
    s.additionalProperties && typeof s.additionalProperties === "object"
      ? (s.additionalProperties as SchemaNode)
      : undefined;
  for (const [k, v] of Object.entries(rec)) {
    const child = props[k] ?? pattern ?? additional;
    if (!child || v === null || v === undefined) continue;
    const p = path ? `${path}.${k}` : k;
    if (isQuantitySchema(child)) {
      const r = canonical(v, p);
      if (typeof r !== "string") return r;
      rec[k] = r;
    } else {
      const err = walk(v, child, p);
      if (err) return err;
    }
  }
  // Objects under allOf/anyOf branches (rare; e.g. composed schemas) are walked branch by branch.
  for (const k of ["allOf", "anyOf", "oneOf"] as const) {
    const list = s[k] as SchemaNode[] | undefined;
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      if (!isQuantitySchema(branch) && (branch.properties || branch.patternProperties)) {
        const err = walk(value, branch, path);
        if (err) return err;
      }
    }
  }
  return undefined;
}

function canonical(v: unknown, field: string): string | QuantityError {
  if (typeof v !== "string" && typeof v !== "number") return { field, error: errFormatWrong };
  // The JSON decoder trims surrounding blanks before parsing (upstream's UnmarshalJSON).
  const q = parseQuantity(typeof v === "string" ? v.trim() : v);
  if ("error" in q) return { field, error: q.error };
  return formatQuantity(q);
}
