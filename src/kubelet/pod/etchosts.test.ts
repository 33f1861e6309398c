import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "../../api/core/v1/pod.js";
import {
  etcHostsContent,
  etcHostsContentHostNetwork,
  makeHostsMount,
  shouldMountHostsFile,
} from "./etchosts.js";

const base =
  "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";

test("managed /etc/hosts: localhost lines, then the pod IPs with the hostname", () => {
  assert.equal(
    etcHostsContent({ podIPs: ["10.42.0.5"], hostname: "web", hostDomain: "" }),
    `${base}10.42.0.5\tweb\n`,
  );
  assert.equal(
    etcHostsContent({
      podIPs: ["10.42.0.5", "fd00::5"],
      hostname: "db-0",
      hostDomain: "db.shop.svc.cluster.local",
    }),
    `${base}10.42.0.5\tdb-0.db.shop.svc.cluster.local\tdb-0\nfd00::5\tdb-0.db.shop.svc.cluster.local\tdb-0\n`,
  );
});

test("hostAliases: a section with one line per IP", () => {
  const text = etcHostsContent({
    podIPs: ["10.42.0.5"],
    hostname: "web",
    hostDomain: "",
    hostAliases: [
      { ip: "127.0.0.1", hostnames: ["foo.local", "bar.local"] },
      { ip: "10.1.2.3", hostnames: ["foo.remote"] },
    ],
  });
  assert.equal(
    text,
    `${base}10.42.0.5\tweb\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n`,
  );
});

test("host network: the node's file under its own header, plus hostAliases", () => {
  assert.equal(
    etcHostsContentHostNetwork("127.0.0.1 localhost\n", [{ ip: "10.1.2.3", hostnames: ["x"] }]),
    "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n\n# Entries added by HostAliases.\n10.1.2.3\tx\n",
  );
});

test("makeHostsMount writes <podDir>/etc-hosts and mounts it, unless the container mounts /etc/hosts", () => {
  const dir = mkdtempSync(join(tmpdir(), "etchosts-"));
  try {
    const podDir = join(dir, "pods/u1");
    const m = makeHostsMount(
      podDir,
      { name: "app" },
      { podIPs: ["10.42.0.5"], hostname: "web", hostDomain: "" },
    );
    assert.deepEqual(m, {
      containerPath: "/etc/hosts",
      hostPath: join(podDir, "etc-hosts"),
      readonly: false,
    });
    assert.equal(readFileSync(join(podDir, "etc-hosts"), "utf8"), `${base}10.42.0.5\tweb\n`);
    assert.equal(statSync(join(podDir, "etc-hosts")).mode & 0o777, 0o644);
    writeFileSync(join(dir, "node-hosts"), "127.0.0.1 localhost node\n");
    makeHostsMount(
      podDir,
      { name: "app" },
      {
        podIPs: [],
        hostname: "n",
        hostDomain: "",
        hostNetwork: true,
        nodeHostsPath: join(dir, "node-hosts"),
      },
    );
    assert.equal(
      readFileSync(join(podDir, "etc-hosts"), "utf8"),
      "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost node\n",
    );
    const own = makeHostsMount(
      podDir,
      { name: "app", volumeMounts: [{ name: "h", mountPath: "/etc/hosts" }] },
      { podIPs: ["10.42.0.5"], hostname: "web", hostDomain: "" },
    );
    assert.equal(own, undefined);
    assert.equal(shouldMountHostsFile({ spec: {} } as Pod, []), false);
    assert.equal(shouldMountHostsFile({ spec: { hostNetwork: true } } as Pod, []), true);
    assert.equal(shouldMountHostsFile({ spec: {} } as Pod, ["10.42.0.5"]), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
