// Data plugins share within one scheduling cycle (upstream's CycleState): PreFilter computes once per pod
// what Filter then reads once per node. Preemption and nominated-pod checks clone it to simulate changes.

/** Per-cycle data a plugin stores; clone() must copy whatever AddPod/RemovePod may change. */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  skipScorePlugins = new Set<string>();
  /** The filter plugins left after PreFilter's skips, worked out once per cycle by the runner. */
  activeFilterPlugins?: readonly unknown[];

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.activeFilterPlugins = this.activeFilterPlugins;
    return c;
  }
}
