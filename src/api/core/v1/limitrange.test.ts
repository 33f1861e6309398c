import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { limitRanges, type LimitRange } from "./limitrange.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const lr = (limits: NonNullable<LimitRange["spec"]>["limits"]): LimitRange => ({
  apiVersion: "v1",
  kind: "LimitRange",
  metadata: { name: "limits", namespace: "default" },
  spec: { limits },
});

test("container defaults fall back to max, requests to default then min; lists round to milli", () => {
  const cases: { name: string; in: LimitRange; want: unknown }[] = [
    {
      name: "max becomes default and default request",
      in: lr([{ type: "Container", max: { cpu: "2", memory: "1Gi" }, min: { cpu: "100m" } }]),
      want: [
        {
          type: "Container",
          max: { cpu: "2", memory: "1Gi" },
          min: { cpu: "100m" },
          default: { cpu: "2", memory: "1Gi" },
          defaultRequest: { cpu: "2", memory: "1Gi" },
        },
      ],
    },
    {
      name: "min becomes default request when there is no default",
      in: lr([{ type: "Container", min: { cpu: "250m" } }]),
      want: [{ type: "Container", min: { cpu: "250m" }, default: {}, defaultRequest: { cpu: "250m" } }],
    },
    {
      name: "explicit values kept; nano values rounded up",
      in: lr([{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "1n" } }]),
      want: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "1m" } }],
    },
    {
      name: "Pod limits get no defaults",
      in: lr([{ type: "Pod", max: { cpu: "4" } }]),
      want: [{ type: "Pod", max: { cpu: "4" } }],
    },
  ];
  for (const c of cases) {
    const o = structuredClone(c.in);
    limitRanges.defaults!(o);
    assert.deepEqual(o.spec!.limits, c.want, c.name);
  }
});

test("validation as ValidateLimitRange", () => {
  const cases: { name: string; in: LimitRange; want: string[] }[] = [
    {
      name: "valid",
      in: lr([
        {
          type: "Container",
          max: { cpu: "2" },
          min: { cpu: "100m" },
          default: { cpu: "1" },
          defaultRequest: { cpu: "500m" },
        },
        { type: "PersistentVolumeClaim", max: { storage: "10Gi" } },
      ]),
      want: [],
    },
    {
      name: "min above max",
      in: lr([{ type: "Container", max: { cpu: "1" }, min: { cpu: "2" } }]),
      want: ['spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1'],
    },
    {
      name: "default request above default and max",
      in: lr([
        {
          type: "Container",
          max: { memory: "1Gi" },
          default: { memory: "512Mi" },
          defaultRequest: { memory: "2Gi" },
        },
      ]),
      want: [
        'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than max value 1Gi',
        'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than default limit value 512Mi',
      ],
    },
    {
      name: "Pod may not carry defaults; duplicate type; unknown type",
      in: lr([{ type: "Pod", default: { cpu: "1" } }, { type: "Pod" }, { type: "Deployment" }]),
      want: [
        "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
        'spec.limits[1].type: Duplicate value: "Pod"',
        'spec.limits[2].type: Invalid value: "Deployment": must be a standard limit type or fully qualified',
      ],
    },
    {
      name: "container resource names",
      in: lr([{ type: "Container", max: { pods: "3", "example.com/gpu": "1" } }]),
      want: ['spec.limits[0].max[pods]: Invalid value: "pods": must be a standard resource for containers'],
    },
    {
      name: "PVC limits need storage",
      in: lr([{ type: "PersistentVolumeClaim", max: { cpu: "1" } }]),
      want: [
        "spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
      ],
    },
    {
      name: "ratio below one and above max/min",
      in: lr([
        { type: "Container", maxLimitRequestRatio: { cpu: "500m" } },
        {
          type: "Pod",
          min: { memory: "100Mi" },
          max: { memory: "200Mi" },
          maxLimitRequestRatio: { memory: "3" },
        },
      ]),
      want: [
        'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1',
        'spec.limits[1].maxLimitRequestRatio[memory]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000',
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(limitRanges.validate!(c.in).map(errorString), c.want, c.name);
});

test("default table columns and schema", () => {
  const o = lr([{ type: "Container", default: { cpu: "500m", memory: 268435456 } }]);
  o.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  assert.deepEqual(
    limitRanges.printerColumns!.map((c) => [c.name, c.type, c.cell(o, Date.now())]),
    [
      ["Name", "string", "limits"],
      ["Created At", "date", "2026-01-01T00:00:00Z"],
    ],
  );
  assert.ok(Value.Check(limitRanges.schema, o));
  assert.equal(Value.Check(limitRanges.schema, lr([{ type: "Container", maxx: {} } as never])), false);
  // spec.limits is required.
  assert.equal(Value.Check(limitRanges.schema, { ...o, spec: {} }), false);
});
