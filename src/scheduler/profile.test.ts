import { test } from "node:test";
import assert from "node:assert/strict";
import { pluginsForProfile } from "./profile.js";

test("pluginsForProfile: upstream's merge of enabled/disabled into the defaults", () => {
  const names = (p: Parameters<typeof pluginsForProfile>[0]) =>
    pluginsForProfile(p).map((s) => `${s.name}${s.weight ? ":" + s.weight : ""}`);
  const cases = [
    {
      name: "defaults",
      p: {},
      want: [
        "SchedulingGates",
        "PrioritySort",
        "NodeUnschedulable",
        "NodeName",
        "TaintToleration:3",
        "NodeAffinity:2",
        "NodePorts",
        "NodeResourcesFit:1",
        "PodTopologySpread:2",
        "InterPodAffinity:2",
        "DefaultPreemption",
        "NodeResourcesBalancedAllocation:1",
        "ImageLocality:1",
        "DefaultBinder",
      ],
    },
    {
      name: "disable one, re-weight one in place, append a custom one",
      p: {
        plugins: {
          multiPoint: {
            disabled: [{ name: "ImageLocality" }],
            enabled: [{ name: "Custom" }, { name: "NodeAffinity", weight: 5 }],
          },
        },
      },
      want: [
        "SchedulingGates",
        "PrioritySort",
        "NodeUnschedulable",
        "NodeName",
        "TaintToleration:3",
        "NodeAffinity:5",
        "NodePorts",
        "NodeResourcesFit:1",
        "PodTopologySpread:2",
        "InterPodAffinity:2",
        "DefaultPreemption",
        "NodeResourcesBalancedAllocation:1",
        "DefaultBinder",
        "Custom",
      ],
    },
    {
      name: "disable all",
      p: {
        plugins: {
          multiPoint: {
            disabled: [{ name: "*" }],
            enabled: [{ name: "PrioritySort" }, { name: "DefaultBinder" }],
          },
        },
      },
      want: ["PrioritySort", "DefaultBinder"],
    },
  ];
  for (const c of cases) assert.deepEqual(names(c.p), c.want, c.name);
  const args = pluginsForProfile({
    pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }],
  });
  assert.deepEqual(args.find((p) => p.name === "NodeResourcesFit")!.args, {
    scoringStrategy: { type: "MostAllocated" },
  });
});
