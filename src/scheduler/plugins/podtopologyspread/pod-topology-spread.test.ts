import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework, scoreAll } from "../../testing/framework.js";
import { Indexer, Lister } from "../../../client/informer/cache.js";
import type { KubeObject } from "../../../api/meta/v1/types.js";

const zone = "topology.kubernetes.io/zone";
const host = "kubernetes.io/hostname";
const nodes = () => [
  makeNode("n1").label(zone, "a").obj(),
  makeNode("n2").label(zone, "a").obj(),
  makeNode("n3").label(zone, "b").obj(),
  makeNode("n4").obj(),
];
const existing = () => [
  makePod("w1").label("app", "web").node("n1").obj(),
  makePod("w2").label("app", "web").node("n1").obj(),
  makePod("w3").label("app", "web").node("n3").obj(),
  makePod("other-ns", "other").label("app", "web").node("n3").obj(),
];
const skew = "Unschedulable: node(s) didn't match pod topology spread constraints";
const missing =
  "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

test("PodTopologySpread Filter: DoNotSchedule keeps the skew within maxSkew", () => {
  const web = () => makePod("p").label("app", "web");
  const cases = [
    { name: "no constraints: skipped", pod: web().obj(), want: { n1: "", n2: "", n3: "", n4: "" } },
    {
      name: "zone maxSkew 1: zone a has 2, zone b 1",
      pod: web().spread(1, zone, "DoNotSchedule", { app: "web" }).obj(),
      want: { n1: skew, n2: skew, n3: "", n4: missing },
    },
    {
      name: "zone maxSkew 2 allows zone a",
      pod: web().spread(2, zone, "DoNotSchedule", { app: "web" }).obj(),
      want: { n1: "", n2: "", n3: "", n4: missing },
    },
    {
      name: "hostname maxSkew 1: the global minimum is 0",
      pod: web().spread(1, host, "DoNotSchedule", { app: "web" }).obj(),
      want: { n1: skew, n2: "", n3: skew, n4: "" },
    },
    {
      name: "a pod outside its own selector does not add to the skew",
      pod: makePod("p").label("app", "other").spread(1, zone, "DoNotSchedule", { app: "web" }).obj(),
      want: { n1: "", n2: "", n3: "", n4: missing },
    },
    {
      name: "minDomains above the domain count makes the minimum 0",
      pod: web().spread(1, zone, "DoNotSchedule", { app: "web" }, { minDomains: 3 }).obj(),
      want: { n1: skew, n2: skew, n3: skew, n4: missing },
    },
    {
      name: "ScheduleAnyway does not filter",
      pod: web().spread(1, zone, "ScheduleAnyway", { app: "web" }).obj(),
      want: { n1: "", n2: "", n3: "", n4: "" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "PodTopologySpread" }], existing(), nodes());
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});

test("PodTopologySpread Score: ScheduleAnyway and the cluster defaults prefer emptier domains", () => {
  const rsIdx = new Indexer<KubeObject>({});
  rsIdx.set({
    metadata: { name: "rs", namespace: "default" },
    spec: { selector: { matchLabels: { app: "web" } } },
  });
  const listers = { replicaSets: new Lister(rsIdx) };
  const cases = [
    {
      name: "own zone constraint: n4 lacks the zone and scores 0",
      pod: makePod("p").label("app", "web").spread(1, zone, "ScheduleAnyway", { app: "web" }).obj(),
      // raw round(cnt·ln 4): 3, 3, 1 → 100·(3+1−s)/3
      want: { n1: 33, n2: 33, n3: 100, n4: 0 },
    },
    {
      name: "defaults (hostname 3, zone 5) from the controlling ReplicaSet's selector",
      pod: makePod("p").label("app", "web").owner("ReplicaSet", "rs").obj(),
      // raw: 13, 9, 9, 2
      want: { n1: 15, n2: 46, n3: 46, n4: 100 },
    },
    {
      name: "no Service or controller selects the pod: no default constraints",
      pod: makePod("p").label("app", "web").obj(),
      want: { n1: 0, n2: 0, n3: 0, n4: 0 },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "PodTopologySpread", weight: 1 }], existing(), nodes(), { listers });
    assert.deepEqual(scoreAll(t, c.pod), c.want, c.name);
  }
});
