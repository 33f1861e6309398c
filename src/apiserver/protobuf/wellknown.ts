// JSON forms of the apimachinery types whose wire form is a message: metav1.Time / MicroTime
// ({seconds, nanos}) and metav1.Duration (int64 nanoseconds, printed as Go's time.Duration.String()).

/** metav1.Time JSON: RFC 3339 in UTC with whole seconds ("2026-01-02T03:04:05Z"). */
export function formatTime(seconds: bigint): string {
  return isoSeconds(seconds) + "Z";
}

/** metav1.MicroTime JSON: RFC 3339 in UTC with exactly six fraction digits. */
export function formatMicroTime(seconds: bigint, nanos: number): string {
  const micros = Math.floor(nanos / 1000);
  return `${isoSeconds(seconds)}.${String(micros).padStart(6, "0")}Z`;
}

function isoSeconds(seconds: bigint): string {
  // toISOString gives "YYYY-MM-DDTHH:MM:SS.mmmZ"; the first 19 characters are the seconds part.
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
}

/** Parses an RFC 3339 timestamp into {seconds, nanos}; undefined if it is not one. */
export function parseTime(text: string): { seconds: bigint; nanos: number } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = m[2] ? Number(m[2].padEnd(9, "0")) : 0;
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos };
}

const second = 1_000_000_000n;

/** Go's time.Duration.String(): "1h0m0s", "1m30s", "1.5s", "500ms", "2µs", "0s". */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const sign = ns < 0n ? "-" : "";
  const u = ns < 0n ? -ns : ns;
  if (u < second) {
    if (u < 1_000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${decimal(u, 3)}µs`;
    return `${sign}${decimal(u, 6)}ms`;
  }
  const secs = decimal(u % (60n * second), 9);
  const totalMinutes = u / (60n * second);
  if (totalMinutes === 0n) return `${sign}${secs}s`;
  const hours = totalMinutes / 60n;
  const minutes = totalMinutes % 60n;
  if (hours === 0n) return `${sign}${minutes}m${secs}s`;
  return `${sign}${hours}h${minutes}m${secs}s`;
}

/** v / 10^digits with the fraction's trailing zeros removed ("1.5", "2"). */
function decimal(v: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const units: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: second,
  m: 60n * second,
  h: 3600n * second,
};

/** Go's time.ParseDuration for the forms formatDuration prints (and any unit sequence). */
export function parseDuration(text: string): bigint | undefined {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (text === "0") return 0n;
  if (!m) return undefined;
  let total = 0n;
  for (const part of text.slice(m[1].length).matchAll(/(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/g)) {
    const unit = units[part[3]];
    const frac = part[2] ?? "";
    total += BigInt(part[1] || "0") * unit + (BigInt(frac || "0") * unit) / 10n ** BigInt(frac.length);
  }
  return m[1] === "-" ? -total : total;
}
