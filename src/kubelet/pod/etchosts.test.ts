import { test } from "node:test";
import assert from "node:assert/strict";
import { etcHostsContent, etcHostsContentHostNetwork } from "./etchosts.js";

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
