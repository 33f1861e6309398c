// CronJob spec.timeZone as upstream validates it (validateTimeZone in pkg/apis/batch/validation):
// IANA name rules first, then the zone must be known (Go's time.LoadLocation; here the ICU zone list).
import { type FieldError, invalid } from "../../validation/field.js";

const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** True when the runtime knows the zone by exactly this name (Go's zoneinfo lookup is case-sensitive). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === "UTC") return true;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    // ICU matches names case-insensitively; Go does not.
    return resolved === tz || resolved.toLowerCase() !== tz.toLowerCase();
  } catch {
    return false;
  }
}

export function validateTimeZone(timeZone: string | undefined, path: string): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone.length === 0) return [invalid(path, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/"))
    if (part === "." || part === ".." || part.startsWith("-") || !validTimeZoneCharacters.test(part))
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === "local")
    errs.push(
      invalid(
        path,
        timeZone,
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
      ),
    );
  // Go's LoadLocation("Local") succeeds, so upstream reports only the message above for it.
  if (timeZone !== "Local" && !isKnownTimeZone(timeZone))
    errs.push(invalid(path, timeZone, `unknown time zone ${timeZone}`));
  return errs;
}
