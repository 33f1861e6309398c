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
  makePod("web").label("app", "web").node("n1").obj(),
  makePod("db", "other").label("app", "db").node("n3").obj(),
];
const namespaces = () => {
  const idx = new Indexer<KubeObject>({});
  idx.set({ metadata: { name: "default", labels: { "kubernetes.io/metadata.name": "default" } } });
  idx.set({ metadata: { name: "other", labels: { "kubernetes.io/metadata.name": "other", team: "x" } } });
  return new Lister(idx);
};
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });
const aff = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const anti = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const existingAnti = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

test("InterPodAffinity Filter: required affinity and anti-affinity by topology domain", () => {
  const cases = [
    {
      name: "no affinity anywhere: skipped",
      pods: existing(),
      pod: makePod("p").obj(),
      want: { n1: "", n2: "", n3: "", n4: "" },
    },
    {
      name: "affinity to app=web per zone",
      pods: existing(),
      pod: makePod("p")
        .podAffinity({ labelSelector: sel({ app: "web" }), topologyKey: zone })
        .obj(),
      want: { n1: "", n2: "", n3: aff, n4: aff },
    },
    {
      name: "anti-affinity to app=web per host",
      pods: existing(),
      pod: makePod("p")
        .podAntiAffinity({ labelSelector: sel({ app: "web" }), topologyKey: host })
        .obj(),
      want: { n1: anti, n2: "", n3: "", n4: "" },
    },
    {
      name: "anti-affinity to app=web per zone (n4 has no zone: no domain to conflict in)",
      pods: existing(),
      pod: makePod("p")
        .podAntiAffinity({ labelSelector: sel({ app: "web" }), topologyKey: zone })
        .obj(),
      want: { n1: anti, n2: anti, n3: "", n4: "" },
    },
    {
      name: "an existing pod's anti-affinity keeps the incoming pod off its host",
      pods: [
        ...existing(),
        makePod("loner")
          .podAntiAffinity({ labelSelector: sel({ app: "web" }), topologyKey: host })
          .node("n3")
          .obj(),
      ],
      pod: makePod("p").label("app", "web").obj(),
      want: { n1: "", n2: "", n3: existingAnti, n4: "" },
    },
    {
      name: "the first pod of a self-affine group may go anywhere with the topology",
      pods: existing(),
      pod: makePod("p")
        .label("app", "cache")
        .podAffinity({ labelSelector: sel({ app: "cache" }), topologyKey: zone })
        .obj(),
      want: { n1: "", n2: "", n3: "", n4: aff },
    },
    {
      name: "affinity terms look in the pod's own namespace by default",
      pods: existing(),
      pod: makePod("p")
        .podAffinity({ labelSelector: sel({ app: "db" }), topologyKey: zone })
        .obj(),
      want: { n1: aff, n2: aff, n3: aff, n4: aff },
    },
    {
      name: "namespaces names the other namespace",
      pods: existing(),
      pod: makePod("p")
        .podAffinity({ labelSelector: sel({ app: "db" }), topologyKey: zone, namespaces: ["other"] })
        .obj(),
      want: { n1: aff, n2: aff, n3: "", n4: aff },
    },
    {
      name: "namespaceSelector selects namespaces by label",
      pods: existing(),
      pod: makePod("p")
        .podAffinity({
          labelSelector: sel({ app: "db" }),
          topologyKey: zone,
          namespaceSelector: sel({ team: "x" }),
        })
        .obj(),
      want: { n1: aff, n2: aff, n3: "", n4: aff },
    },
    {
      name: "an empty namespaceSelector selects every namespace",
      pods: existing(),
      pod: makePod("p")
        .podAntiAffinity({ labelSelector: {}, topologyKey: host, namespaceSelector: {} })
        .obj(),
      want: { n1: anti, n2: "", n3: anti, n4: "" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "InterPodAffinity" }], c.pods, nodes(), {
      listers: { namespaces: namespaces() },
    });
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});

test("InterPodAffinity Score: preferred terms and existing pods' terms, normalized min..max", () => {
  const cases = [
    {
      name: "preferred affinity to app=web per zone",
      pods: existing(),
      pod: makePod("p")
        .preferredPodAffinity(5, { labelSelector: sel({ app: "web" }), topologyKey: zone })
        .obj(),
      want: { n1: 100, n2: 100, n3: 0, n4: 0 },
    },
    {
      name: "preferred anti-affinity to app=web per host",
      pods: existing(),
      pod: makePod("p")
        .preferredPodAntiAffinity(5, { labelSelector: sel({ app: "web" }), topologyKey: host })
        .obj(),
      want: { n1: 0, n2: 100, n3: 100, n4: 100 },
    },
    {
      name: "an existing pod's required affinity attracts pods it selects (hardPodAffinityWeight)",
      pods: [
        ...existing(),
        makePod("follower")
          .podAffinity({ labelSelector: sel({ app: "web" }), topologyKey: zone })
          .node("n3")
          .obj(),
      ],
      pod: makePod("p").label("app", "web").obj(),
      want: { n1: 0, n2: 0, n3: 100, n4: 0 },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "InterPodAffinity", weight: 1 }], c.pods, nodes(), {
      listers: { namespaces: namespaces() },
    });
    assert.deepEqual(scoreAll(t, c.pod), c.want, c.name);
  }
});
