// Node names grouped by zone (upstream's nodeTree). Its list interleaves the zones — one node of each zone in
// turn — so that the first nodes a cycle examines come from every zone, which spreads pods across zones.
import type { Node } from "../framework/types.js";
import {
  labelFailureDomainRegion,
  labelFailureDomainZone,
  labelTopologyRegion,
  labelTopologyZone,
} from "../framework/types.js";

/** "region:\x00:zone", or "" for a node with neither label (utilnode.GetZoneKey). */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const zone = l[labelTopologyZone] ?? l[labelFailureDomainZone] ?? "";
  const region = l[labelTopologyRegion] ?? l[labelFailureDomainRegion] ?? "";
  if (!zone && !region) return "";
  return `${region}:\x00:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private zones: string[] = [];
  numNodes = 0;

  addNode(node: Node): void {
    const zone = zoneKey(node);
    const name = node.metadata.name ?? "";
    const names = this.tree.get(zone);
    if (names) {
      if (names.includes(name)) return;
      names.push(name);
    } else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.numNodes++;
  }

  removeNode(node: Node): boolean {
    const zone = zoneKey(node);
    const names = this.tree.get(zone);
    const name = node.metadata.name ?? "";
    const i = names?.indexOf(name) ?? -1;
    if (!names || i < 0) return false;
    names.splice(i, 1);
    if (names.length === 0) {
      this.tree.delete(zone);
      this.zones = this.zones.filter((z) => z !== zone);
    }
    this.numNodes--;
    return true;
  }

  updateNode(oldNode: Node | undefined, newNode: Node): void {
    if (oldNode && zoneKey(oldNode) === zoneKey(newNode)) return;
    if (oldNode) this.removeNode(oldNode);
    this.addNode(newNode);
  }

  /** Every node name, zones interleaved round-robin. */
  list(): string[] {
    const out: string[] = [];
    if (this.zones.length === 0) return out;
    const zoneLists = this.zones.map((z) => this.tree.get(z)!);
    for (let i = 0; out.length < this.numNodes; i++) {
      let any = false;
      for (const names of zoneLists) {
        if (i < names.length) {
          out.push(names[i]);
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }
}
