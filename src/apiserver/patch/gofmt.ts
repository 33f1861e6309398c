// Go's printing of decoded JSON values. Several upstream patch errors embed a value printed with
// fmt's %v (`map[$patch:foo name:a]`) or its Go type; their text reaches clients verbatim, so we
// print the way Go does. A JSON value here is what encoding/json decodes into interface{}:
// map[string]interface{}, []interface{}, string, float64|int64, bool, nil.

/** Go's %v of a decoded JSON value: maps with sorted keys, slices space-separated. */
export function goValueString(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return goNumberString(v);
  if (Array.isArray(v)) return "[" + v.map(goValueString).join(" ") + "]";
  if (typeof v === "object") {
    const m = v as Record<string, unknown>;
    const keys = Object.keys(m).sort(goStringCompare);
    return "map[" + keys.map((k) => `${k}:${goValueString(m[k])}`).join(" ") + "]";
  }
  return String(v);
}

/** Integers print as int64 does; other numbers as float64 does under %v (shortest %g). */
export function goNumberString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return goFloatString(n);
}

/** strconv.FormatFloat(f, 'g', -1, 64), fmt's %v: shortest digits, %e when exp < -4 || exp >= 6. */
export function goFloatString(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mant, expStr] = f.toExponential().split("e");
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  // Plain decimal with the shortest digits; JS prints the same digits without exponent in this range.
  return f.toFixed(Math.max(0, (mant.split(".")[1]?.length ?? 0) - exp));
}

/** reflect.TypeOf(v).String() for a decoded JSON value; `%!s(<nil>)` is what %s prints for a nil Type. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** reflect Kind name of a decoded JSON value (`map`, `slice`, `string`, ...). */
export function goKindName(v: unknown): string {
  if (v === null || v === undefined) return "invalid";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "slice";
  return "map";
}

/** Go compares strings bytewise (UTF-8); for sorting map keys this equals code point order. */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** strconv.Quote (%q): Go escapes, printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else if (!isGoPrintable(c))
      out += c > 0xffff ? "\\U" + c.toString(16).padStart(8, "0") : "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

function isGoPrintable(c: number): boolean {
  // Close enough to unicode.IsPrint for API data: controls and the C1 block, separators other than space.
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return false;
  if (c === 0xad || c === 0x2028 || c === 0x2029) return false;
  return true;
}

/**
 * encoding/json's output for a decoded value: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029
 * escaped (HTML-safe, Go's default). Used where upstream stores JSON text: FieldsV1 keys (`k:{...}`,
 * `v:...`) and the last-applied annotation.
 */
export function goJSON(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJSONString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return goJSONNumber(v);
  if (Array.isArray(v)) return "[" + v.map(goJSON).join(",") + "]";
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m)
    .filter((k) => m[k] !== undefined)
    .sort(goStringCompare);
  return "{" + keys.map((k) => goJSONString(k) + ":" + goJSON(m[k])).join(",") + "}";
}

/** encoding/json float64 formatting: 'f' in [1e-6, 1e21), else 'e' with a trimmed exponent. */
export function goJSONNumber(n: number): string {
  if (!Number.isFinite(n)) return "null";
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [mant, exp] = n.toExponential().split("e");
    const e = Number(exp);
    return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return String(n);
}

export function goJSONString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += "\\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** The JSON kind encoding/json names in "cannot unmarshal <kind> into ...". */
export function goJSONKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null || v === undefined) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
