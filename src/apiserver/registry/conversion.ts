// Resources served at several versions but stored once, in their storage version (as upstream stores
// autoscaling HPAs as v2): how each other version converts to and from it.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { hpaV1ToV2, hpaV2ToV1 } from "../../api/autoscaling/v1/conversion.js";
import type { ResourceInfo } from "./resource.js";

export interface VersionConversion {
  group: string;
  resource: string;
  storageVersion: string;
  versions: Record<
    string,
    { toStorage: (o: KubeObject) => KubeObject; fromStorage: (o: KubeObject) => KubeObject }
  >;
}

export const versionConversions: VersionConversion[] = [
  {
    group: "autoscaling",
    resource: "horizontalpodautoscalers",
    storageVersion: "v2",
    versions: {
      v1: {
        toStorage: (o) => hpaV1ToV2(o) as unknown as KubeObject,
        fromStorage: (o) => hpaV2ToV1(o) as unknown as KubeObject,
      },
    },
  },
];

/** Points every non-storage version at its storage version's keys and conversions. */
export function linkStorageVersions(infos: ResourceInfo[], conversions = versionConversions): void {
  for (const c of conversions) {
    const find = (v: string) =>
      infos.find((i) => i.group === c.group && i.plural === c.resource && i.version === v);
    const storage = find(c.storageVersion);
    if (!storage) continue;
    for (const [version, fns] of Object.entries(c.versions)) {
      const view = find(version);
      if (!view) continue;
      view.prefix = storage.prefix;
      view.storage = { info: storage, toStorage: fns.toStorage, fromStorage: fns.fromStorage };
    }
  }
}
