// Small helpers over decoded JSON values shared by every patch type.

import type { JSONObject } from "./status.js";

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is JSONObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep copy of a JSON value (patches mutate; callers' objects must not change). */
export function cloneJSON<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJSON) as T;
  if (isObject(v)) {
    const out: JSONObject = {};
    for (const k of Object.keys(v)) setKey(out, k, cloneJSON(v[k]));
    return out as T;
  }
  return v;
}

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** obj[key] = value, also for "__proto__" (an ordinary key in JSON, a prototype setter in JS). */
export function setKey(obj: JSONObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Own-property lookup that never reaches the prototype. */
export function hasKey(obj: JSONObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** obj[key] for own properties only (`undefined` when absent). */
export function getKey(obj: JSONObject, key: string): unknown {
  return hasKey(obj, key) ? obj[key] : undefined;
}
