// Label selectors as the scheduler uses them (apimachinery's labels.Selector): compiled once per pod or
// object, matched many times. `null` selects nothing (labels.Nothing); an empty selector selects everything.
import { compileSelector, selectorMatches, type Selector } from "../../api/apps/v1/labelselector.js";
import {
  LabelSelector as ParsedSelector,
  selectorFromSet,
  type Requirement,
} from "../../api/labels/selector.js";
import type { LabelSelector } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export type { Selector, Requirement };
type Labels = Readonly<Record<string, string>> | undefined;

export const nothing: Selector = null;
export const everything: Selector = new ParsedSelector([]);

/** LabelSelectorAsSelector: nil selects nothing, {} everything; an invalid selector is an error string. */
export function fromLabelSelector(sel: DeepReadonly<LabelSelector> | undefined | null): Selector | string {
  return compileSelector(sel as LabelSelector | undefined);
}

/** labels.SelectorFromSet: every key equal to its value. */
export function fromSet(set: Labels): Selector {
  return selectorFromSet(set);
}

export function matches(sel: Selector, labels: Labels): boolean {
  return selectorMatches(sel, labels);
}

/** labels.Selector.Empty(): selects everything (Nothing is not empty). */
export function isEmpty(sel: Selector): boolean {
  return sel !== null && sel.empty;
}

/** Selector.Add: a new selector with more requirements (kept sorted by key, as upstream). */
export function withRequirements(sel: Selector, reqs: readonly Requirement[]): Selector {
  if (sel === null) return null;
  return new ParsedSelector(
    [...sel.requirements, ...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  );
}
