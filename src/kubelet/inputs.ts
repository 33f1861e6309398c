// The real pod-input modules behind the core's PodInputs: env (makeEnvironmentVariables), DNS, hostname,
// /etc/hosts, probes and lifecycle hooks, with the API reads they need done through the node's client.
import { readFile } from "node:fs/promises";
import type { ConfigMap } from "../api/core/v1/configmap.js";
import { configMaps } from "../api/core/v1/configmap.js";
import { secrets, type Secret } from "../api/core/v1/secret.js";
import { services, type Service } from "../api/core/v1/service.js";
import { clientFor } from "../client/index.js";
import { Informer } from "../client/informer/informer.js";
import { podReferences } from "../api/core/v1/pod-references.js";
import { WatchBasedManager } from "./manager/watch-based.js";
import { expand, makeEnvironmentVariables, mappingFuncFor } from "./envvars/index.js";
import { runLifecycleHandler } from "./lifecycle/index.js";
import { podDNSConfig } from "./network/dns.js";
import { makeHostsMount } from "./pod/etchosts.js";
import { podHostnameAndDomain } from "./pod/hostname.js";
import { ProbeManager, probeTerminationGracePeriodSeconds } from "./prober/index.js";
import { VolumeManager } from "./volumes/index.js";
import path from "node:path";
import type { PodInputsFactory } from "./kubelet.js";
import type { PodInputs } from "./podinputs.js";

export const realPodInputs: PodInputsFactory = ({ runtime, client, o, probes }) => {
  const cms = clientFor<ConfigMap>(client, configMaps);
  const secs = clientFor<Secret>(client, secrets);
  const svcs = clientFor<Service>(client, services);
  const orUndefined = <T>(p: Promise<T>) => p.catch(() => undefined);
  // Upstream's default change-detection strategy, Watch: one watch per referenced object, shared by its pods.
  const configMapManager = new WatchBasedManager<ConfigMap>(cms, {
    referenced: (pod) => podReferences(pod).configmaps,
    resource: "configmap",
    isImmutable: (cm) => cm.immutable === true,
    log: o.log,
  });
  const secretManager = new WatchBasedManager<Secret>(secs, {
    referenced: (pod) => podReferences(pod).secrets,
    resource: "secret",
    isImmutable: (s) => s.immutable === true,
    log: o.log,
  });
  const getConfigMap = (ns: string, name: string) => configMapManager.get(ns, name);
  const getSecret = (ns: string, name: string) => secretManager.get(ns, name);
  const serviceInformer = new Informer<Service & { metadata: { name: string } }>(
    clientFor(client, services),
    { onError: (e) => o.log.debug({ err: String(e) }, "Service watch failed; retrying") },
  );
  const envSources = {
    getConfigMap,
    getSecret,
    // From a watch of all services (upstream's serviceLister); straight from the API until it synced.
    async listServices(ns: string) {
      if (serviceInformer.hasSynced())
        return serviceInformer.lister.list(
          undefined,
          (svc) =>
            svc.metadata?.namespace === ns ||
            (svc.metadata?.namespace === "default" && svc.metadata?.name === "kubernetes"),
        ) as Service[];
      const own = (await svcs.list(ns)).items;
      if (ns === "default") return own;
      const k = await orUndefined(svcs.get("default", "kubernetes"));
      return k ? [...own, k] : own;
    },
    nodeName: o.nodeName,
    hostIP: o.nodeIP,
  };
  const probeManager = new ProbeManager({
    runtime,
    recorder: o.recorder,
    log: o.log.child({ component: "prober" }),
    onChange: (uid) => probes.onChange(uid),
    onFailure: (uid, name, kind, message) => probes.onFailure(uid, name, kind, message),
  });
  const volumes = new VolumeManager({
    podsDir: path.join(o.rootDir, "pods"),
    log: o.log.child({ component: "volumes" }),
    sources: {
      getConfigMap,
      getSecret,
      // TokenRequest (POST serviceaccounts/<sa>/token) bound to the pod, as the kubelet's token manager asks.
      requestServiceAccountToken: async (ns, sa, req) => {
        const r = await orUndefined(
          client.raw<{ status?: { token?: string } }>(
            "POST",
            `/api/v1/namespaces/${encodeURIComponent(ns)}/serviceaccounts/${encodeURIComponent(sa)}/token`,
            {
              apiVersion: "authentication.k8s.io/v1",
              kind: "TokenRequest",
              spec: {
                audiences: req.audiences,
                expirationSeconds: req.expirationSeconds,
                boundObjectRef: { apiVersion: "v1", kind: "Pod", name: req.pod.name, uid: req.pod.uid },
              },
            },
          ),
        );
        return r?.status?.token ? { token: r.status.token } : undefined;
      },
      nodeName: o.nodeName,
    },
  });
  let hostResolvConf: string | undefined;
  const inputs: PodInputs = {
    run: (signal) => {
      signal.addEventListener("abort", () => {
        configMapManager.stop();
        secretManager.stop();
      });
      return serviceInformer.run(signal);
    },
    registerPod: (pod) => {
      configMapManager.registerPod(pod);
      secretManager.registerPod(pod);
    },
    unregisterPod: (uid) => {
      configMapManager.unregisterPod(uid);
      secretManager.unregisterPod(uid);
    },
    env: (pod, c, podIPs) => makeEnvironmentVariables(pod, c, podIPs, envSources),
    dns: (pod) => {
      const r = podDNSConfig(pod, {
        clusterDNS: o.clusterDNS,
        clusterDomain: o.clusterDomain,
        ...(hostResolvConf !== undefined ? { hostResolvConf } : {}),
      });
      return r;
    },
    hostname: (pod) => podHostnameAndDomain(pod, o.clusterDomain),
    hostsMount: makeHostsMount,
    probeGracePeriod: probeTerminationGracePeriodSeconds,
    probes: probeManager,
    expand: (input, env) => expand(input, mappingFuncFor(new Map(env.map((e) => [e.key, e.value])))),
    volumes,
    lifecycle: (handler, t, signal) => runLifecycleHandler(handler, { ...t, runtime }, signal),
  };
  // Read once so a missing host resolv.conf does not fail every pod (upstream: --resolv-conf "").
  void readFile("/etc/resolv.conf").catch(() => (hostResolvConf = ""));
  return inputs;
};
