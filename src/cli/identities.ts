// The security wiring of `k8ts server`, kept out of server.ts: encryption at rest around the store, the
// audit backend, per-component client identities, and the bootstrap token agents join with.
import { readFile } from "node:fs/promises";
import type { Store } from "../storage/store.js";
import { parseEncryptionConfig } from "../apiserver/encryption/config.js";
import { EncryptingStore } from "../apiserver/encryption/store.js";
import { Auditor, fileAuditSink } from "../apiserver/audit/audit.js";
import { parsePolicy } from "../apiserver/audit/policy.js";

/** --encryption-provider-config: the store wrapped in the configured transformers (or as is). */
export async function withEncryption(store: Store, file: string | undefined): Promise<Store> {
  if (!file) return store;
  try {
    return new EncryptingStore(store, parseEncryptionConfig(await readFile(file, "utf8")));
  } catch (e) {
    await store.close();
    throw new Error(`--encryption-provider-config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** --audit-policy-file and --audit-log-path: an Auditor writing JSON lines, or undefined (no auditing). */
export async function auditorFromFlags(
  policyFile: string | undefined,
  logPath: string | undefined,
): Promise<{ auditor: Auditor; close(): Promise<void> } | undefined> {
  if (!policyFile || !logPath) return undefined;
  let policy;
  try {
    policy = parsePolicy(await readFile(policyFile, "utf8"));
  } catch (e) {
    throw new Error(`--audit-policy-file ${policyFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out = fileAuditSink(logPath);
  return { auditor: new Auditor(policy, out.sink), close: out.close };
}
