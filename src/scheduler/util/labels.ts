// Label selectors as the scheduler uses them (apimachinery's labels.Selector): compiled once per pod or
// object, matched many times. `null` selects nothing (labels.Nothing), `[]` selects everything.
import { compileSelector, selectorMatches, type Selector } from "../../api/apps/v1/labelselector.js";
import type { LabelSelector } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export type { Selector };
export type Requirement = NonNullable<Selector>[number];
type Labels = Readonly<Record<string, string>> | undefined;

export const nothing: Selector = null;
export const everything: Selector = [];

/** LabelSelectorAsSelector: nil selects nothing, {} everything; an invalid selector is an error string. */
export function fromLabelSelector(sel: DeepReadonly<LabelSelector> | undefined | null): Selector | string {
  return compileSelector(sel as LabelSelector | undefined);
}

/** labels.SelectorFromSet: every key equal to its value. */
export function fromSet(set: Labels): Selector {
  const reqs: Requirement[] = [];
  for (const key of Object.keys(set ?? {}).sort()) reqs.push({ key, op: "=", values: [set![key]] });
  return reqs;
}

export function matches(sel: Selector, labels: Labels): boolean {
  return selectorMatches(sel, labels);
}

/** labels.Selector.Empty(): selects everything (Nothing is not empty). */
export function isEmpty(sel: Selector): boolean {
  return sel !== null && sel.length === 0;
}

/** Selector.Add: a new selector with one more requirement. */
export function withRequirement(sel: Selector, req: Requirement): Selector {
  if (sel === null) return null;
  return [...sel, req];
}
