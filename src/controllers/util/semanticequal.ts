// equality.Semantic.DeepEqual for JSON API objects: key order does not matter, and an absent field equals
// an empty list or map (Go cannot tell nil from empty once decoded).

function canonical(v: unknown, ignore: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) return v.length ? v.map((x) => canonical(x, ignore)) : undefined;
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      if (ignore.has(k)) continue;
      const c = canonical((v as Record<string, unknown>)[k], ignore);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

export function semanticEqual(a: unknown, b: unknown, ignoreKeys: readonly string[] = []): boolean {
  const ignore = new Set(ignoreKeys);
  return JSON.stringify(canonical(a, ignore)) === JSON.stringify(canonical(b, ignore));
}
