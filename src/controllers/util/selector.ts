// Label selectors compiled once per selector object: cached objects are immutable, so the compiled form of
// a lister object's selector can be reused until the object is replaced.
import type { LabelSelector } from "../../api/meta/v1/types.js";
import { compileSelector, selectorMatches, type Selector } from "../../api/apps/v1/labelselector.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

const compiled = new WeakMap<object, Selector | string>();

/** LabelSelectorAsSelector: the compiled selector, or the conversion error as a string. */
export function selectorFor(sel: DeepReadonly<LabelSelector> | undefined | null): Selector | string {
  if (!sel) return null;
  let c = compiled.get(sel);
  if (c === undefined) {
    c = compileSelector(sel as LabelSelector);
    compiled.set(sel, c);
  }
  return c;
}

export function matches(
  sel: Selector | string,
  labels: DeepReadonly<Record<string, string>> | undefined,
): boolean {
  return typeof sel !== "string" && selectorMatches(sel, labels);
}

/** labels.Selector.Empty(): selects everything (no requirements). */
export const isEverything = (sel: Selector | string): boolean => Array.isArray(sel) && sel.length === 0;
