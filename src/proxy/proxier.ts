// kube-proxy in iptables mode: watches Services and EndpointSlices, rebuilds the whole rule set when they
// change (at most once per minSyncPeriod, upstream's BoundedFrequencyRunner; and every syncPeriod anyway),
// and applies it in one transaction with `iptables-restore --noflush`. Between periodic full syncs only the
// service chains that changed are written (upstream's MinimizeIPTablesRestore), and nothing when nothing
// changed. Needs root; the CLI uses the userspace proxier otherwise.
import type { Service } from "../api/core/v1/service.js";
import { services } from "../api/core/v1/service.js";
import type { EndpointSlice } from "../api/discovery/v1/types.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { Informer } from "../client/informer/informer.js";
import type { Logger } from "../client/log.js";
import { buildServicePorts } from "./serviceports.js";
import {
  buildRules,
  cleanupRules,
  fullChainCacheThreshold,
  jumpRules,
  ServicePortRuleCache,
  withFullChainCache,
  type ProxierOptions,
  type RuleSet,
} from "./iptables/rules.js";
import { isServiceChain } from "./iptables/chains.js";
import { commandRunner, type Runner } from "./iptables/exec.js";

export interface ProxyContext {
  informers: SharedInformerFactory;
  log: Logger;
}

export interface IptablesProxierOptions extends ProxierOptions {
  /** This node's name: endpoints on it are local (traffic policy Local). */
  nodeName: string;
  /** Upstream --iptables-min-sync-period (1 s). */
  minSyncPeriodMs?: number;
  /** Upstream --iptables-sync-period (30 s). */
  syncPeriodMs?: number;
  /** Allow NodePorts on 127.0.0.1 (sets net.ipv4.conf.all.route_localnet=1), upstream's default. */
  localhostNodePorts?: boolean;
  /** Remove every rule and chain on exit (upstream keeps them, so traffic survives a proxy restart). */
  cleanupOnExit?: boolean;
  /** Run the iptables tools inside this network namespace (tests). */
  netns?: string;
  /** How commands run (default: spawn, in `netns` when given). */
  runner?: Runner;
}

/** The text to restore: with iptables-nft and many chains, asking for the full chain cache first. */
export function restoreText(rules: RuleSet, nft: boolean): string {
  const chains = rules.written.length + rules.deleted.length;
  return nft && chains > fullChainCacheThreshold ? withFullChainCache(rules.text) : rules.text;
}

/** Whether this process can program iptables (root on Linux). */
export function canUseIptables(): boolean {
  return process.platform === "linux" && process.getuid?.() === 0;
}

export class IptablesProxier {
  readonly name = "kube-proxy";
  private readonly svcInf: Informer<Service & KubeObject>;
  private readonly sliceInf: Informer<EndpointSlice & KubeObject>;
  private readonly run$: Runner;
  private readonly log: Logger;
  private knownChains = new Set<string>();
  /** What the kernel holds from the last successful apply: base rules and each service chain's rules. */
  private lastBase = "";
  private lastChainRules?: Map<string, string>;
  private lastSyncAt = 0;
  private timer?: NodeJS.Timeout;
  private syncing = false;
  private pending = false;
  private syncWaiters: (() => void)[] = [];
  /** Each Service port's rules from the last sync, reused while it is unchanged. */
  private readonly ruleCache = new ServicePortRuleCache();
  /** iptables is the nf_tables variant (iptables-nft), detected at start. */
  private nft = false;
  /** Completed rule applications (for tests and metrics). */
  syncs = 0;

  constructor(
    ctx: ProxyContext,
    private readonly o: IptablesProxierOptions,
  ) {
    this.svcInf = ctx.informers.informerFor<Service & KubeObject>(services);
    this.sliceInf = ctx.informers.informerFor<EndpointSlice & KubeObject>(endpointSlices);
    this.run$ = o.runner ?? commandRunner(o.netns);
    this.log = ctx.log.child({ component: "kube-proxy", mode: "iptables" });
    const changed = () => this.requestSync();
    for (const inf of [this.svcInf, this.sliceInf] as Informer<any>[]) {
      inf.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
    }
  }

  /** The rule set for the current caches (pure); `full` rewrites every chain, else only changed ones. */
  computeRules(full = true): RuleSet {
    const ports = buildServicePorts(this.svcInf.lister.list(), this.sliceInf.lister.list(), this.o.nodeName);
    return buildRules(
      ports,
      this.o,
      this.knownChains,
      full ? undefined : this.lastChainRules,
      this.ruleCache,
    );
  }

  /** Resolves after the next sync that starts after this call has finished. */
  synced(): Promise<void> {
    return new Promise((r) => this.syncWaiters.push(r));
  }

  private requestSync(): void {
    if (!this.svcInf.hasSynced() || !this.sliceInf.hasSynced()) return;
    this.pending = true;
    if (this.timer || this.syncing) return;
    const wait = Math.max(0, this.lastSyncAt + (this.o.minSyncPeriodMs ?? 1000) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync(false);
    }, wait);
  }

  private async sync(force: boolean): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.pending = false;
    this.lastSyncAt = Date.now();
    const waiters = this.syncWaiters.splice(0);
    try {
      const rules = this.computeRules(force);
      const changed =
        rules.written.length > 0 || rules.deleted.length > 0 || rules.baseText !== this.lastBase;
      if (force || changed) {
        const r = await this.run$("iptables-restore", ["-w", "--noflush"], restoreText(rules, this.nft), {
          discardStdout: true,
        });
        if (r.code !== 0) {
          // Fail static: the previous rules stay in the kernel; the next change or period retries.
          this.log.error({ code: r.code, stderr: r.stderr.trim() }, "iptables-restore failed");
          this.lastBase = "";
          this.lastChainRules = undefined;
        } else {
          this.lastBase = rules.baseText;
          this.lastChainRules = rules.chainRules;
          this.knownChains = new Set(rules.natChains);
          await this.ensureJumpRules();
          this.syncs++;
          this.log.debug(
            { chains: rules.natChains.length, ms: Date.now() - this.lastSyncAt },
            "synced iptables rules",
          );
        }
      }
    } finally {
      this.syncing = false;
      for (const w of waiters) w();
      if (this.pending) this.requestSync();
    }
  }

  private async ensureJumpRules(): Promise<void> {
    for (const j of jumpRules) {
      const check = await this.run$("iptables", ["-w", "-t", j.table, "-C", j.from, ...j.args]);
      if (check.code === 0) continue;
      const ins = await this.run$("iptables", ["-w", "-t", j.table, "-I", j.from, ...j.args]);
      if (ins.code !== 0) this.log.error({ rule: j, stderr: ins.stderr.trim() }, "could not add jump rule");
    }
  }

  /** Service chains already in the kernel (from an earlier run), so stale ones are deleted. */
  private async existingChains(): Promise<Set<string>> {
    const r = await this.run$("iptables-save", ["-t", "nat"]);
    const out = new Set<string>();
    for (const line of r.stdout.split("\n")) {
      const m = /^:(\S+)/.exec(line);
      if (m && isServiceChain(m[1])) out.add(m[1]);
    }
    return out;
  }

  /** Removes every jump rule and chain of ours (upstream's --cleanup). */
  async cleanup(): Promise<void> {
    for (const j of jumpRules) {
      while ((await this.run$("iptables", ["-w", "-t", j.table, "-D", j.from, ...j.args])).code === 0);
    }
    const chains = new Set([...this.knownChains, ...(await this.existingChains())]);
    const text = cleanupRules(chains);
    const r = await this.run$(
      "iptables-restore",
      ["-w", "--noflush"],
      this.nft && chains.size > fullChainCacheThreshold ? withFullChainCache(text) : text,
      { discardStdout: true },
    );
    if (r.code !== 0) this.log.error({ stderr: r.stderr.trim() }, "iptables cleanup failed");
    this.knownChains.clear();
    this.lastBase = "";
    this.lastChainRules = undefined;
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.o.localhostNodePorts !== false) {
      const r = await this.run$("sysctl", ["-w", "net.ipv4.conf.all.route_localnet=1"]);
      if (r.code !== 0)
        this.log.warn(
          { stderr: r.stderr.trim() },
          "could not set route_localnet; NodePorts on 127.0.0.1 will not work",
        );
    }
    this.nft = (await this.run$("iptables", ["--version"])).stdout.includes("nf_tables");
    this.knownChains = await this.existingChains();
    await Promise.race([
      Promise.all([this.svcInf.waitForSync(), this.sliceInf.waitForSync()]),
      new Promise((r) => signal.addEventListener("abort", r, { once: true })),
    ]);
    if (!signal.aborted) await this.sync(true);
    const periodic = setInterval(() => void this.sync(true), this.o.syncPeriodMs ?? 30_000);
    if (!signal.aborted) await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
    clearInterval(periodic);
    if (this.timer) clearTimeout(this.timer);
    while (this.syncing) await new Promise((r) => setTimeout(r, 10));
    if (this.o.cleanupOnExit) await this.cleanup();
    for (const w of this.syncWaiters.splice(0)) w();
  }
}
