// CronJob schedules as upstream parses them: robfig/cron v3's ParseStandard (5 fields: minute hour
// day-of-month month day-of-week, or a descriptor like @hourly / @every 1h30m), with its error messages.

/** One parsed field: the allowed values, and whether it was written as "*" or "?". */
export interface CronField {
  values: Set<number>;
  star: boolean;
}
export interface CronSchedule {
  /** "TZ=" / "CRON_TZ=" prefix of the spec, if any. */
  timeZone?: string;
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
}
/** "@every <duration>" schedules: a fixed interval in milliseconds. */
export interface CronEvery {
  timeZone?: string;
  everyMs: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const months: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
const fieldBounds: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, months, dow];

const descriptors: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export type CronParseResult = { schedule: CronSchedule | CronEvery } | { error: string };

/** Parses a schedule; the error text is what the API server reports for spec.schedule. */
export function parseCronSchedule(
  spec: string,
  isValidZone: (tz: string) => boolean = () => true,
): CronParseResult {
  if (spec.length === 0) return { error: "empty spec string" };
  let timeZone: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) return { error: "invalid schedule format: slice bounds out of range" };
    timeZone = spec.slice(spec.indexOf("=") + 1, space);
    if (!isValidZone(timeZone))
      return { error: `provided bad location ${timeZone}: unknown time zone ${timeZone}` };
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith("@")) {
    if (spec.startsWith("@every ")) {
      const d = parseGoDuration(spec.slice("@every ".length));
      if (typeof d === "string") return { error: `failed to parse duration ${spec}: ${d}` };
      return { schedule: { timeZone, everyMs: d } };
    }
    const expanded = descriptors[spec];
    if (!expanded) return { error: `unrecognized descriptor: ${spec}` };
    spec = expanded;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5)
    return { error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  const parsed: CronField[] = [];
  for (let i = 0; i < 5; i++) {
    const f = parseField(fields[i], fieldBounds[i]);
    if (typeof f === "string") return { error: f };
    parsed.push(f);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parsed;
  return { schedule: { timeZone, minute, hour, dayOfMonth, month, dayOfWeek } };
}

function parseField(field: string, b: Bounds): CronField | string {
  const out: CronField = { values: new Set(), star: false };
  for (const expr of field.split(",").filter((e) => e !== "")) {
    const r = parseRange(expr, b);
    if (typeof r === "string") return r;
    for (const v of r.values) out.values.add(v);
    out.star ||= r.star;
  }
  return out;
}

function parseRange(expr: string, b: Bounds): CronField | string {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    const s = parseIntOrName(lowAndHigh[0], b.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], b.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (typeof s === "string") return s;
    step = s;
    // "N/step" means "N-max/step".
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  const values = new Set<number>();
  for (let v = start; v <= end; v += step) values.add(v);
  return { values, star };
}

function parseIntOrName(expr: string, names?: Record<string, number>): number | string {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function mustParseInt(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

const durationUnits: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in milliseconds, or Go's error text. */
export function parseGoDuration(s: string): number | string {
  const orig = s;
  const bad = `time: invalid duration ${JSON.stringify(orig)}`;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return bad;
  let total = 0;
  while (s !== "") {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(s)!;
    if (num[0] === "" || num[0] === ".") return bad;
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === "") return `time: missing unit in duration ${JSON.stringify(orig)}`;
    const mult = durationUnits[unit];
    if (mult === undefined)
      return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(orig)}`;
    total += Number(num[0]) * mult;
    s = s.slice(unit.length);
  }
  return neg ? -total : total;
}
