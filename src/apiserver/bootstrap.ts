// The namespaces every cluster has, created at start when absent (upstream's system namespaces controller
// and the bootstrap of "default").
import type { KubeObject } from "../api/meta/v1/types.js";
import { StatusError } from "./errors.js";
import type { GenericRegistry } from "./registry/generic.js";
import type { Logger } from "./logger.js";
import { nthAddress } from "./registry/service.js";

export const systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

export async function bootstrapNamespaces(reg: GenericRegistry, log: Logger): Promise<void> {
  for (const name of systemNamespaces) {
    if (await reg.current("", name)) continue;
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name } };
    reg.info.rt.defaults?.(ns);
    try {
      await reg.create("", ns, {
        user: { username: "system:apiserver", groups: ["system:masters"] },
        dryRun: false,
        fieldManager: "kube-apiserver",
        subresource: "",
        warnings: [],
      });
      log.info({ namespace: name }, "created system namespace");
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
    }
  }
}

export interface KubernetesServiceRegistries {
  service?: GenericRegistry;
  endpoints?: GenericRegistry;
  endpointSlices?: GenericRegistry;
}

const system = {
  user: { username: "system:apiserver", groups: ["system:masters"] },
  dryRun: false,
  fieldManager: "kube-apiserver",
  subresource: "",
  warnings: [] as string[],
};

/**
 * The default/kubernetes Service (the first address of the service range, port 443), and, when the
 * server knows its address, its Endpoints and EndpointSlice — what upstream's kubernetes-service
 * controller keeps reconciled, so that in-cluster clients find the API server.
 */
export async function bootstrapKubernetesService(
  r: KubernetesServiceRegistries,
  clusterIPRange: string,
  advertise: { address: string; port: number } | undefined,
  log: Logger,
): Promise<void> {
  const createIfAbsent = async (reg: GenericRegistry | undefined, obj: KubeObject) => {
    if (!reg) return;
    const name = obj.metadata.name!;
    const cur = await reg.current("default", name);
    if (cur) {
      if (
        JSON.stringify(cur.obj.obj.subsets ?? cur.obj.obj.endpoints) ===
        JSON.stringify(obj.subsets ?? obj.endpoints)
      )
        return;
      await reg.update(
        "default",
        name,
        {
          updatedObject: (c) => ({
            ...c!,
            ...obj,
            metadata: { ...c!.metadata, labels: obj.metadata.labels },
          }),
        },
        system,
      );
      return;
    }
    reg.info.rt.defaults?.(obj);
    try {
      await reg.create("default", obj, system);
      log.info({ kind: obj.kind, name }, "created the kubernetes service object");
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
    }
  };
  const labels = { component: "apiserver", provider: "kubernetes" };
  await createIfAbsent(r.service, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels },
    spec: {
      type: "ClusterIP",
      clusterIP: nthAddress(clusterIPRange, 1),
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: advertise?.port ?? 6443 }],
      sessionAffinity: "None",
    },
  });
  // Endpoints may not name loopback addresses (upstream validation); a loopback-only server has none.
  if (!advertise || /^127\./.test(advertise.address) || advertise.address === "::1") return;
  await createIfAbsent(r.endpoints, {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
    },
    subsets: [
      {
        addresses: [{ ip: advertise.address }],
        ports: [{ name: "https", port: advertise.port, protocol: "TCP" }],
      },
    ],
  });
  await createIfAbsent(r.endpointSlices, {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { "kubernetes.io/service-name": "kubernetes" },
    },
    addressType: "IPv4",
    endpoints: [{ addresses: [advertise.address], conditions: { ready: true } }],
    ports: [{ name: "https", port: advertise.port, protocol: "TCP" }],
  });
}
