import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { normalizeQuantities } from "../../resource/quantity.js";
import {
  resourceQuotas,
  type ResourceQuota,
  validateResourceQuotaStatus,
  resourceQuotaCells,
} from "./resourcequota.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const rq = (spec: ResourceQuota["spec"], extra: Partial<ResourceQuota> = {}): ResourceQuota => ({
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name: "compute", namespace: "team-a" },
  spec,
  ...extra,
});

test("create resets status; hard limits round to milli", () => {
  const q = rq({ hard: { "requests.cpu": "100u", pods: "10" } }, { status: { used: { pods: "3" } } });
  resourceQuotas.defaults!(q);
  resourceQuotas.prepareForCreate!(q);
  assert.deepEqual(q.spec, { hard: { "requests.cpu": "1m", pods: "10" } });
  assert.deepEqual(q.status, {});
  const next = rq({ hard: { pods: "20" } }, { status: { hard: { pods: "1" } } });
  resourceQuotas.prepareForUpdate!(next, { ...q, status: { hard: { pods: "10" }, used: { pods: "2" } } });
  assert.deepEqual(next.status, { hard: { pods: "10" }, used: { pods: "2" } });
});

test("validation as ValidateResourceQuota", () => {
  const cases: { name: string; in: ResourceQuota; want: string[] }[] = [
    {
      name: "valid",
      in: rq({
        hard: {
          "requests.cpu": "4",
          "limits.memory": "8Gi",
          pods: "20",
          "count/deployments.apps": "5",
          "example.com/gpu": "2",
        },
      }),
      want: [],
    },
    {
      name: "names, negatives and fractions of countable resources",
      in: rq({ hard: { cpus: "1", pods: "1500m", "requests.memory": "-1Gi" } }),
      want: [
        'spec.hard[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
        'spec.hard[cpus]: Invalid value: "cpus": must be a standard resource for quota',
        'spec.hard[pods]: Invalid value: "1500m": must be an integer',
        'spec.hard[requests.memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      ],
    },
    {
      name: "scopes",
      in: rq({ hard: { "requests.cpu": "1" }, scopes: ["BestEffort", "NotBestEffort", "Sometimes"] }),
      want: [
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Sometimes"]: unsupported scope applied to resource',
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Sometimes"]: unsupported scope',
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Sometimes"]: conflicting scopes',
      ],
    },
    {
      name: "scope selector operators",
      in: rq({
        hard: { pods: "10" },
        scopeSelector: {
          matchExpressions: [
            { scopeName: "PriorityClass", operator: "In" },
            { scopeName: "Terminating", operator: "In", values: ["x"] },
            { scopeName: "PriorityClass", operator: "Matches" },
          ],
        },
      }),
      want: [
        "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
        "spec.scopeSelector.matchExpressions.operator: Invalid value: \"In\": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        'spec.scopeSelector.matchExpressions.operator: Invalid value: "Matches": not a valid selector operator',
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(resourceQuotas.validate!(c.in).map(errorString), c.want, c.name);
  assert.deepEqual(validateResourceQuotaStatus({ used: { pods: "0.5" } }).map(errorString), [
    'status.used[pods]: Invalid value: "500m": must be an integer',
  ]);
});

test("scopes are immutable", () => {
  const old = rq({ hard: { pods: "1" }, scopes: ["Terminating"] });
  assert.deepEqual(
    resourceQuotas.validateUpdate!(rq({ hard: { pods: "2" }, scopes: ["Terminating"] }), old),
    [],
  );
  assert.deepEqual(
    resourceQuotas.validateUpdate!(rq({ hard: { pods: "2" }, scopes: ["NotTerminating"] }), old).map(
      errorString,
    ),
    ['spec.scopes: Invalid value: ["NotTerminating"]: field is immutable'],
  );
});

test("columns as printResourceQuota and schema", () => {
  const q = rq(
    { hard: { "requests.cpu": "1", "limits.cpu": "2", pods: "4", "limits.memory": "2Gi" } },
    {
      status: {
        hard: {
          "requests.cpu": "1",
          "limits.cpu": "2",
          pods: "4",
          "limits.memory": "2Gi",
          "requests.memory": "1Gi",
        },
        used: { "requests.cpu": "500m", pods: "1", "limits.memory": "1073741824" },
      },
    },
  );
  q.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  assert.deepEqual(resourceQuotaCells(q), {
    request: "pods: 1/4, requests.cpu: 500m/1, requests.memory: 0/1Gi",
    limit: "limits.cpu: 0/2, limits.memory: 1073741824/2Gi",
  });
  const now = Date.parse("2026-01-01T00:00:30Z");
  assert.deepEqual(
    resourceQuotas.printerColumns!.map((c) => [c.name, c.cell(q, now)]),
    [
      ["Name", "compute"],
      ["Age", "30s"],
      ["Request", "pods: 1/4, requests.cpu: 500m/1, requests.memory: 0/1Gi"],
      ["Limit", "limits.cpu: 0/2, limits.memory: 1073741824/2Gi"],
    ],
  );
  assert.ok(Value.Check(resourceQuotas.schema, q));
  assert.equal(Value.Check(resourceQuotas.schema, rq({ hard: { pods: "1" }, scope: [] } as never)), false);
});

test("normalizeQuantities finds every quantity in the quota schema", () => {
  const q = rq(
    { hard: { "requests.cpu": 0.5, "requests.memory": "1536Mi", pods: "10" } },
    { status: { used: { pods: 1e3 } } },
  );
  assert.equal(normalizeQuantities(q, resourceQuotas.schema), undefined);
  assert.deepEqual(q.spec!.hard, { "requests.cpu": "500m", "requests.memory": "1536Mi", pods: "10" });
  assert.deepEqual(q.status!.used, { pods: "1k" });
  assert.deepEqual(normalizeQuantities(rq({ hard: { pods: "ten" } }), resourceQuotas.schema), {
    field: "spec.hard.pods",
    error: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  });
});
