// Time values as the API encodes them, and back: metav1.Time is RFC 3339 in whole seconds; annotations such
// as endpoints.kubernetes.io/last-change-trigger-time use Go's RFC3339Nano (trailing zeros trimmed).

/** metav1.Time: "2006-01-02T15:04:05Z". */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** time.RFC3339Nano as Go prints it: fractional seconds without trailing zeros, none when whole. */
export const rfc3339Nano = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => {
    const t = f.replace(/0+$/, "");
    return t ? `.${t}Z` : "Z";
  });

/** Milliseconds since the epoch of an API time, or undefined for an absent or unparsable one. */
export function parseTime(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
