// "The next activation after t" of a parsed schedule, as robfig/cron v3's SpecSchedule.Next and
// ConstantDelaySchedule.Next compute it: wall-clock fields in the schedule's zone, searched month, day, hour,
// minute, second, at most five years ahead. Times are milliseconds since the epoch.
import type { CronEvery, CronField, CronSchedule } from "./cron.js";

interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall clock in tz at instant ms (whole seconds). */
export function wallClock(ms: number, tz: string): Wall {
  if (tz === "UTC") {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms)))
    if (part.type !== "literal") p[part.type] = Number(part.value);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    weekday,
  };
}

/** The zone's offset from UTC at instant ms, in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  if (tz === "UTC") return 0;
  const w = wallClock(ms, tz);
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUTC - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * time.Date in tz: out-of-range fields normalise (month 13 is January next year), and a wall time that a DST
 * change skips or repeats resolves as Go does: the offset in force at the naive guess, unless the result
 * falls outside it.
 */
export function dateIn(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const off = offsetAt(naive, tz);
  const utc = naive - off;
  const off2 = offsetAt(utc, tz);
  return off2 === off ? utc : naive - off2;
}

const has = (f: CronField, v: number) => f.values.has(v);

/** dayMatches: with "*" in either day field both must match, otherwise either may. */
function dayMatches(s: CronSchedule, w: Wall): boolean {
  const dom = has(s.dayOfMonth, w.day);
  const dow = has(s.dayOfWeek, w.weekday);
  return s.dayOfMonth.star || s.dayOfWeek.star ? dom && dow : dom || dow;
}

/**
 * The first activation strictly after t, or undefined when none falls within five years (an impossible
 * schedule such as 30 February). defaultTimeZone applies when the spec has no TZ= prefix.
 */
export function nextActivation(
  sched: CronSchedule | CronEvery,
  t: number,
  defaultTimeZone = "UTC",
): number | undefined {
  if ("everyMs" in sched) {
    // Every(): at least one second, whole seconds; Next drops t's sub-second part.
    const delay = Math.max(1000, sched.everyMs - (sched.everyMs % 1000));
    return t - (((t % 1000) + 1000) % 1000) + delay;
  }
  const tz = sched.timeZone ?? defaultTimeZone;
  // Start at the next whole second.
  t = t + 1000 - (((t % 1000) + 1000) % 1000);
  let added = false;
  const yearLimit = wallClock(t, tz).year + 5;
  let w = wallClock(t, tz);
  wrap: for (;;) {
    if (w.year > yearLimit) return undefined;
    while (!has(sched.month, w.month)) {
      if (!added) {
        added = true;
        t = dateIn(tz, w.year, w.month, 1);
        w = wallClock(t, tz);
      }
      t = dateIn(tz, w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
      w = wallClock(t, tz);
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(sched, w)) {
      if (!added) {
        added = true;
        t = dateIn(tz, w.year, w.month, w.day);
        w = wallClock(t, tz);
      }
      t = dateIn(tz, w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
      w = wallClock(t, tz);
      // A DST change at midnight can leave the day starting at 01:00 or 23:00 the day before.
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
        w = wallClock(t, tz);
      }
      if (w.day === 1) continue wrap;
    }
    while (!has(sched.hour, w.hour)) {
      if (!added) {
        added = true;
        t = dateIn(tz, w.year, w.month, w.day, w.hour);
      }
      t += 3_600_000;
      w = wallClock(t, tz);
      if (w.hour === 0) continue wrap;
    }
    while (!has(sched.minute, w.minute)) {
      if (!added) {
        added = true;
        t -= w.second * 1000;
      }
      t += 60_000;
      w = wallClock(t, tz);
      if (w.minute === 0) continue wrap;
    }
    // Standard specs fire at second 0.
    while (w.second !== 0) {
      if (!added) {
        added = true;
      }
      t += 1000;
      w = wallClock(t, tz);
      if (w.second === 0) continue wrap;
    }
    return t;
  }
}
