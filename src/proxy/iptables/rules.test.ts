import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRules, probability } from "./rules.js";
import { servicePortChainName, servicePortEndpointChainName } from "./chains.js";
import { buildServicePorts, type RService, type RSlice } from "../serviceports.js";

function svc(ns: string, name: string, spec: Record<string, unknown>): RService {
  return { metadata: { namespace: ns, name }, spec: { type: "ClusterIP", ...spec } };
}
function slice(ns: string, name: string, endpoints: unknown[], ports: unknown[]): RSlice {
  return {
    metadata: { namespace: ns, name: `${name}-x`, labels: { "kubernetes.io/service-name": name } },
    addressType: "IPv4",
    endpoints,
    ports,
  } as RSlice;
}
const p80 = [{ name: "p80", port: 80, protocol: "TCP" }];
const ep = (ip: string, conditions: Record<string, boolean> = { ready: true }, nodeName?: string) => ({
  addresses: [ip],
  conditions,
  nodeName,
});

function natLines(services: RService[], slices: RSlice[], o = {}, stale: string[] = []): string[] {
  const text = buildRules(
    buildServicePorts(services, slices, "node-a"),
    { clusterCIDR: "10.0.0.0/8", ...o },
    stale,
  ).text;
  return text.slice(text.indexOf("*nat")).split("\n");
}
function filterLines(services: RService[], slices: RSlice[]): string[] {
  const text = buildRules(buildServicePorts(services, slices, "node-a"), { clusterCIDR: "10.0.0.0/8" }).text;
  return text.slice(0, text.indexOf("*nat")).split("\n");
}

test("cluster IP masquerade as upstream: off-cluster sources with a cluster CIDR, all with masquerade-all, else none", () => {
  const services = [svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80 })];
  const slices = [slice("ns1", "svc1", [ep("10.180.0.1")], p80)];
  const masq = (o: Record<string, unknown>) =>
    natLines(services, slices, o).filter(
      (l) => l.startsWith("-A KUBE-SVC-") && l.endsWith("-j KUBE-MARK-MASQ"),
    );
  const rule =
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80';
  // A pod (inside the cluster CIDR) keeps its source address: no SNAT, so no source port rewrite either.
  assert.deepEqual(masq({ clusterCIDR: "10.0.0.0/8" }), [`${rule} ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ`]);
  assert.deepEqual(masq({ clusterCIDR: "10.0.0.0/8", masqueradeAll: true }), [`${rule} -j KUBE-MARK-MASQ`]);
  assert.deepEqual(masq({ clusterCIDR: undefined }), []);
  // The hairpin rule (an endpoint reaching itself) is the only other mark on this Service.
  const sep = natLines(services, slices, { clusterCIDR: undefined }).filter(
    (l) => l.startsWith("-A KUBE-SEP-") && l.includes("KUBE-MARK-MASQ"),
  );
  assert.deepEqual(sep, [
    "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ",
  ]);
});

test("chain names are upstream's hashes", () => {
  assert.equal(servicePortChainName("default/kubernetes:https", "TCP"), "KUBE-SVC-NPX46M4PTMTKRN6Y");
  assert.equal(servicePortChainName("kube-system/kube-dns:dns", "udp"), "KUBE-SVC-TCOU7JCQXEZGVUNU");
  assert.equal(servicePortChainName("kube-system/kube-dns:dns-tcp", "tcp"), "KUBE-SVC-ERIFXISQEP7F7OF4");
  assert.equal(
    servicePortEndpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:80"),
    "KUBE-SEP-SXIVWICOYRO3J4NJ",
  );
});

test("one endpoint: upstream's ClusterIP rules, hairpin masquerade, DNAT", () => {
  const nat = natLines(
    [svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80 })],
    [slice("ns1", "svc1", [ep("10.180.0.1")], p80)],
  );
  assert.deepEqual(nat, [
    "*nat",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
    ":KUBE-POSTROUTING - [0:0]",
    ":KUBE-MARK-MASQ - [0:0]",
    ":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]",
    ":KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]",
    '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ",
    "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80",
    "COMMIT",
    "",
  ]);
});

test("n endpoints: statistic probabilities 1/n, 1/(n-1), ..., the last unconditional", () => {
  const nat = natLines(
    [svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80 })],
    [slice("ns1", "svc1", [ep("10.180.0.1"), ep("10.180.0.2"), ep("10.180.0.3")], p80)],
  );
  const jumps = nat.filter((l) => l.startsWith("-A KUBE-SVC-XPGD46QRK7WJZT7O") && l.includes("->"));
  assert.deepEqual(
    jumps.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? "last"),
    ["0.3333333333", "0.5000000000", "last"],
  );
  assert.equal(probability(4), "0.2500000000");
});

test("only ready endpoints; serving terminating ones only when none is ready", () => {
  const services = [svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80 })];
  const some = natLines(services, [
    slice(
      "ns1",
      "svc1",
      [ep("10.180.0.1"), ep("10.180.0.2", { ready: false, serving: true, terminating: true })],
      p80,
    ),
  ]);
  assert.ok(some.some((l) => l.includes("DNAT --to-destination 10.180.0.1:80")));
  assert.ok(!some.some((l) => l.includes("10.180.0.2")));
  const terminating = natLines(services, [
    slice(
      "ns1",
      "svc1",
      [
        ep("10.180.0.2", { ready: false, serving: true, terminating: true }),
        ep("10.180.0.3", { ready: false }),
      ],
      p80,
    ),
  ]);
  assert.ok(terminating.some((l) => l.includes("DNAT --to-destination 10.180.0.2:80")));
  assert.ok(!terminating.some((l) => l.includes("10.180.0.3")));
});

test("no endpoints: REJECT in filter for the cluster IP and the node port, no service chains", () => {
  const services = [
    svc("ns5", "svc5", {
      type: "NodePort",
      clusterIP: "172.30.0.45",
      ports: [{ ...p80[0], nodePort: 3003 }],
    }),
  ];
  const filter = filterLines(services, [slice("ns5", "svc5", [ep("10.1.1.1", { ready: false })], p80)]);
  assert.ok(
    filter.includes(
      '-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j REJECT',
    ),
  );
  assert.ok(
    filter.includes(
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns5/svc5:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3003 -j REJECT',
    ),
  );
  const nat = natLines(services, []);
  assert.ok(!nat.some((l) => l.includes("KUBE-SVC-") || l.includes("KUBE-EXT-")));
});

test("NodePort: KUBE-NODEPORTS jumps to KUBE-EXT, which masquerades and goes to KUBE-SVC", () => {
  const nat = natLines(
    [
      svc("ns2", "svc2", {
        type: "NodePort",
        clusterIP: "172.30.0.42",
        ports: [{ ...p80[0], nodePort: 3001 }],
      }),
    ],
    [slice("ns2", "svc2", [ep("10.180.0.2")], p80)],
  );
  const ext = nat.find((l) => l.startsWith("-A KUBE-NODEPORTS"))!;
  assert.match(
    ext,
    /^-A KUBE-NODEPORTS -m comment --comment ns2\/svc2:p80 -m tcp -p tcp --dport 3001 -j (KUBE-EXT-\S+)$/,
  );
  const chain = /-j (\S+)$/.exec(ext)![1];
  const svcChain = chain.replace("KUBE-EXT-", "KUBE-SVC-");
  assert.deepEqual(
    nat.filter((l) => l.startsWith(`-A ${chain}`)),
    [
      `-A ${chain} -m comment --comment "masquerade traffic for ns2/svc2:p80 external destinations" -j KUBE-MARK-MASQ`,
      `-A ${chain} -j ${svcChain}`,
    ],
  );
});

test("externalTrafficPolicy Local: KUBE-SVL with local endpoints, LOCAL-sourced traffic to the cluster", () => {
  const nat = natLines(
    [
      svc("ns1", "svc1", {
        type: "NodePort",
        clusterIP: "172.30.0.41",
        externalTrafficPolicy: "Local",
        ports: [{ ...p80[0], nodePort: 3001 }],
      }),
    ],
    [
      slice(
        "ns1",
        "svc1",
        [ep("10.180.0.1", { ready: true }, "node-b"), ep("10.180.2.1", { ready: true }, "node-a")],
        p80,
      ),
    ],
  );
  const ext = nat.filter((l) => l.startsWith("-A KUBE-EXT-XPGD46QRK7WJZT7O"));
  assert.deepEqual(ext, [
    '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-XPGD46QRK7WJZT7O',
    '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O',
    "-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O",
  ]);
  assert.deepEqual(
    nat.filter((l) => l.startsWith("-A KUBE-SVL-XPGD46QRK7WJZT7O")),
    [
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ',
    ],
  );
});

test("ClientIP affinity: recent --rcheck before the random rules, --set on DNAT", () => {
  const nat = natLines(
    [
      svc("ns1", "svc1", {
        clusterIP: "172.30.0.41",
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ports: p80,
      }),
    ],
    [slice("ns1", "svc1", [ep("10.180.0.1")], p80)],
  );
  assert.ok(
    nat.includes(
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --rcheck --seconds 10800 --reap -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ),
  );
  assert.ok(
    nat.includes(
      "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80",
    ),
  );
});

test("headless and ExternalName Services get no rules; stale chains are deleted", () => {
  const nat = natLines(
    [
      svc("ns1", "headless", { clusterIP: "None", ports: p80 }),
      svc("ns1", "ext", { type: "ExternalName", externalName: "example.test" }),
    ],
    [slice("ns1", "headless", [ep("10.180.0.1")], p80)],
    {},
    ["KUBE-SVC-XPGD46QRK7WJZT7O"],
  );
  assert.ok(nat.includes(":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]"));
  assert.ok(nat.includes("-X KUBE-SVC-XPGD46QRK7WJZT7O"));
  assert.ok(!nat.some((l) => l.includes("headless") || l.includes("ns1/ext")));
});

test("UDP ports and unnamed ports", () => {
  const nat = natLines(
    [
      svc("kube-system", "kube-dns", {
        clusterIP: "10.43.0.10",
        ports: [{ name: "dns", port: 53, protocol: "UDP" }],
      }),
    ],
    [slice("kube-system", "kube-dns", [ep("10.42.0.3")], [{ name: "dns", port: 53, protocol: "UDP" }])],
  );
  assert.ok(
    nat.includes(
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp -p udp -d 10.43.0.10 --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
    ),
  );
  const unnamed = natLines(
    [svc("default", "web", { clusterIP: "10.43.0.20", ports: [{ port: 80, protocol: "TCP" }] })],
    [slice("default", "web", [ep("10.42.0.4")], [{ port: 8080, protocol: "TCP" }])],
  );
  assert.ok(
    unnamed.some((l) =>
      l.includes("--comment default/web -m tcp -p tcp -j DNAT --to-destination 10.42.0.4:8080"),
    ),
  );
});

test("with the previous chain rules, only changed service chains are written; gone ones are deleted", () => {
  const services = [
    svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80 }),
    svc("ns2", "svc2", { clusterIP: "172.30.0.42", ports: p80 }),
  ];
  const before = buildRules(
    buildServicePorts(
      services,
      [slice("ns1", "svc1", [ep("10.180.0.1")], p80), slice("ns2", "svc2", [ep("10.180.0.2")], p80)],
      "n",
    ),
    { clusterCIDR: "10.0.0.0/8" },
  );
  const after = buildRules(
    buildServicePorts(
      services,
      [slice("ns1", "svc1", [ep("10.180.0.1")], p80), slice("ns2", "svc2", [ep("10.180.0.3")], p80)],
      "n",
    ),
    { clusterCIDR: "10.0.0.0/8" },
    before.natChains,
    before.chainRules,
  );
  const svc2 = servicePortChainName("ns2/svc2:p80", "tcp");
  const oldSep = servicePortEndpointChainName("ns2/svc2:p80", "tcp", "10.180.0.2:80");
  const newSep = servicePortEndpointChainName("ns2/svc2:p80", "tcp", "10.180.0.3:80");
  assert.deepEqual(after.written, [svc2, newSep]);
  assert.deepEqual(after.deleted, [oldSep]);
  assert.ok(!after.text.includes("KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]"), "svc1's chain is left as it is");
  assert.ok(after.text.includes("-X " + oldSep));
  assert.equal(after.baseText, before.baseText, "KUBE-SERVICES did not change");
  assert.ok(!after.text.includes("-A KUBE-SERVICES"), "an unchanged KUBE-SERVICES is not rewritten");
  assert.ok(!after.text.includes(":KUBE-SERVICES"));
  // A new Service changes KUBE-SERVICES (nat only): that chain is written whole, the others are not.
  const more = buildRules(
    buildServicePorts(
      [...services, svc("ns3", "svc3", { clusterIP: "172.30.0.43", ports: p80 })],
      [
        slice("ns1", "svc1", [ep("10.180.0.1")], p80),
        slice("ns2", "svc2", [ep("10.180.0.3")], p80),
        slice("ns3", "svc3", [ep("10.180.0.4")], p80),
      ],
      "n",
    ),
    { clusterCIDR: "10.0.0.0/8" },
    after.natChains,
    after.chainRules,
  );
  const moreNat = more.text.slice(more.text.indexOf("*nat")).split("\n");
  assert.ok(moreNat.includes(":KUBE-SERVICES - [0:0]"));
  assert.equal(moreNat.filter((l) => l.startsWith("-A KUBE-SERVICES")).length, 4);
  assert.ok(!moreNat.includes(":KUBE-POSTROUTING - [0:0]"));
  assert.ok(!more.text.slice(0, more.text.indexOf("*nat")).includes(":KUBE-SERVICES"), "filter unchanged");
  const again = buildRules(
    buildServicePorts(
      services,
      [slice("ns1", "svc1", [ep("10.180.0.1")], p80), slice("ns2", "svc2", [ep("10.180.0.3")], p80)],
      "n",
    ),
    { clusterCIDR: "10.0.0.0/8" },
    after.natChains,
    after.chainRules,
  );
  assert.deepEqual([again.written, again.deleted], [[], []]);
});

test("LoadBalancer ingress IPs: KUBE-SERVICES sends them to KUBE-EXT; ipMode Proxy IPs are not captured", () => {
  const lb = (status: unknown) =>
    ({
      metadata: { namespace: "ns1", name: "svc1" },
      spec: { type: "LoadBalancer", clusterIP: "172.30.0.41", ports: [{ ...p80[0], nodePort: 3001 }] },
      status,
    }) as RService;
  const nat = natLines(
    [
      lb({
        loadBalancer: {
          ingress: [
            { ip: "1.2.3.4", ipMode: "VIP" },
            { ip: "5.6.7.8", ipMode: "Proxy" },
          ],
        },
      }),
    ],
    [slice("ns1", "svc1", [ep("10.180.0.1")], p80)],
  );
  assert.ok(
    nat.includes(
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-XPGD46QRK7WJZT7O',
    ),
  );
  assert.ok(!nat.some((l) => l.includes("5.6.7.8")));
  assert.ok(nat.includes("-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O"));
  assert.ok(!nat.some((l) => l.includes("KUBE-FW-")));
  // Without endpoints the LB IP is rejected in filter, like the cluster IP.
  const filter = filterLines(
    [lb({ loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } })],
    [slice("ns1", "svc1", [], p80)],
  );
  assert.ok(
    filter.includes(
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j REJECT',
    ),
  );
});

test("loadBalancerSourceRanges: KUBE-FW accepts the ranges into KUBE-EXT, KUBE-PROXY-FIREWALL drops the rest", () => {
  const s = {
    metadata: { namespace: "ns1", name: "svc1" },
    spec: {
      type: "LoadBalancer",
      clusterIP: "172.30.0.41",
      ports: [{ ...p80[0], nodePort: 3001 }],
      loadBalancerSourceRanges: ["192.168.0.0/24", " 203.0.113.0/25"],
    },
    status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } },
  } as RService;
  const sl = [slice("ns1", "svc1", [ep("10.180.0.1")], p80)];
  const text = buildRules(buildServicePorts([s], sl, "node-a"), {
    clusterCIDR: "10.0.0.0/8",
    nodeIPs: ["192.168.0.2"],
  }).text;
  const lines = text.split("\n");
  const fw = "KUBE-FW-XPGD46QRK7WJZT7O";
  const ext = "KUBE-EXT-XPGD46QRK7WJZT7O";
  assert.ok(lines.includes(`:${fw} - [0:0]`));
  assert.ok(
    lines.includes(
      `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j ${fw}`,
    ),
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith(`-A ${fw}`)),
    [
      `-A ${fw} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j ${ext}`,
      `-A ${fw} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j ${ext}`,
      `-A ${fw} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j ${ext}`,
      `-A ${fw} -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"`,
    ],
  );
  const filter = text.slice(0, text.indexOf("*nat")).split("\n");
  assert.ok(
    filter.includes(
      `-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by ${fw}" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP`,
    ),
  );
  // A node outside every range gets no VIP-sourced exception.
  const other = buildRules(buildServicePorts([s], sl, "node-a"), { nodeIPs: ["10.9.9.9"] }).text;
  assert.ok(!other.includes(`-s 1.2.3.4 -j ${ext}`));
});
