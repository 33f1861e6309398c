// The two time encodings of the API: metav1.Time (RFC 3339, whole seconds) and metav1.MicroTime (microseconds).

/** metav1.Time: "2006-01-02T15:04:05Z". */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** metav1.MicroTime: "2006-01-02T15:04:05.000000Z". */
export const rfc3339Micro = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
