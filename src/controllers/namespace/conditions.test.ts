import { test } from "node:test";
import assert from "node:assert/strict";
import { NamespaceConditionUpdater } from "./conditions.js";
import type { NamespaceStatus } from "../../api/core/v1/namespace.js";

const t0 = Date.parse("2025-01-01T00:00:00Z");

test("every deletion condition starts in its ok form", () => {
  const status: NamespaceStatus = { phase: "Terminating" };
  assert.equal(new NamespaceConditionUpdater(t0).update(status), true);
  assert.deepEqual(
    status.conditions!.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      [
        "NamespaceDeletionDiscoveryFailure",
        "False",
        "ResourcesDiscovered",
        "All resources successfully discovered",
      ],
      [
        "NamespaceDeletionGroupVersionParsingFailure",
        "False",
        "ParsedGroupVersions",
        "All legacy kube types successfully parsed",
      ],
      [
        "NamespaceDeletionContentFailure",
        "False",
        "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization",
      ],
      ["NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"],
      [
        "NamespaceFinalizersRemaining",
        "False",
        "ContentHasNoFinalizers",
        "All content-preserving finalizers finished",
      ],
    ],
  );
  assert.equal(new NamespaceConditionUpdater(t0).update(status), false, "unchanged");
});

test("remaining content, finalizers and failures are reported as upstream words them", () => {
  const status: NamespaceStatus = {};
  new NamespaceConditionUpdater(t0).update(status);
  const u = new NamespaceConditionUpdater(t0 + 5000);
  u.processContentTotals({
    remaining: new Map([
      ["pods.", 2],
      ["deployments.apps", 1],
    ]),
    finalizers: new Map([["foregroundDeletion", 1]]),
  });
  u.processDeleteContentErr("unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods");
  assert.equal(u.update(status), true);
  const by = Object.fromEntries(status.conditions!.map((c) => [c.type, c]));
  assert.equal(
    by.NamespaceContentRemaining.message,
    "Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances",
  );
  assert.equal(by.NamespaceContentRemaining.reason, "SomeResourcesRemain");
  assert.equal(
    by.NamespaceFinalizersRemaining.message,
    "Some content in the namespace has finalizers remaining: foregroundDeletion in 1 resource instances",
  );
  assert.equal(
    by.NamespaceDeletionContentFailure.message,
    "Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods",
  );
  assert.equal(by.NamespaceContentRemaining.lastTransitionTime, "2025-01-01T00:00:05Z", "status flipped");
  assert.equal(
    by.NamespaceDeletionDiscoveryFailure.lastTransitionTime,
    "2025-01-01T00:00:00Z",
    "unchanged one kept",
  );
});
