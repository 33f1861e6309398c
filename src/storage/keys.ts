// Key ranges. Both backends order keys by the bytes of their UTF-8 encoding (etcd compares bytes;
// SQLite's BINARY collation compares UTF-8 bytes), which is also Unicode code point order. JavaScript's
// `<` on strings compares UTF-16 code units and disagrees for characters above U+FFFF, so key order
// is never decided with `<` here.

const MAX_CODE_POINT = 0x10ffff;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why no backend can store this key faithfully, or undefined if it can. */
export function invalidKey(key: string): TypeError | undefined {
  if (typeof key !== "string" || key.length === 0)
    return new TypeError("store key must be a non-empty string");
  if (loneSurrogate.test(key)) return new TypeError(`store key is not valid Unicode: ${JSON.stringify(key)}`);
  return undefined;
}

/** Throws for a key no backend can store: a programming error, not an outcome. */
export function checkKey(key: string): void {
  const err = invalidKey(key);
  if (err) throw err;
}

/**
 * The least string above every string that starts with `prefix`, in code point order, or undefined when
 * there is none (the empty prefix, or one made only of U+10FFFF): then the range is open-ended.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < MAX_CODE_POINT) {
      // Surrogate code points cannot be encoded in UTF-8; the next character after U+D7FF is U+E000.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join("") + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** etcd's range end for a byte prefix: the prefix with its last byte below 0xff incremented; [0] = to the end. */
export function bytePrefixEnd(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

/** Compares keys in store order (UTF-8 bytes). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
