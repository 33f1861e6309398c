// Impersonation headers (Impersonate-User, -Group, -Uid, -Extra-*), as upstream's WithImpersonation filter:
// every requested attribute is checked against the `impersonate` verb, then the request runs as that user.
import type { IncomingMessage } from "node:http";
import type { AuthorizationAttributes } from "../authz/authorizer.js";
import { badRequest } from "../errors.js";
import { AllAuthenticated, AllUnauthenticated, Anonymous, type UserInfo } from "./user.js";

const saPrefix = "system:serviceaccount:";

const headerValues = (req: IncomingMessage, name: string): string[] => {
  const v = req.headers[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/** The identity the request asks to act as, or undefined when it asks for none. */
export async function impersonatedUser(
  req: IncomingMessage,
  user: UserInfo,
  authorize: (a: AuthorizationAttributes) => Promise<void>,
): Promise<UserInfo | undefined> {
  const users = headerValues(req, "impersonate-user");
  const groups = headerValues(req, "impersonate-group");
  const uids = headerValues(req, "impersonate-uid");
  const extras: [string, string[]][] = [];
  for (const h of Object.keys(req.headers))
    if (h.startsWith("impersonate-extra-"))
      extras.push([decodeURIComponent(h.slice("impersonate-extra-".length)), headerValues(req, h)]);
  if (!users.length && !groups.length && !uids.length && !extras.length) return undefined;
  if (users.length !== 1 || !users[0])
    throw badRequest(`requested ${describe(groups, uids, extras)} without impersonating a user`);
  const username = users[0];
  const base = {
    user,
    verb: "impersonate",
    resourceRequest: true,
    path: "",
    apiVersion: "",
    subresource: "",
  };
  if (username.startsWith(saPrefix)) {
    const [ns, name] = username.slice(saPrefix.length).split(":");
    await authorize({
      ...base,
      namespace: ns ?? "",
      apiGroup: "",
      resource: "serviceaccounts",
      name: name ?? "",
    });
  } else await authorize({ ...base, namespace: "", apiGroup: "", resource: "users", name: username });
  for (const g of groups)
    await authorize({ ...base, namespace: "", apiGroup: "", resource: "groups", name: g });
  for (const u of uids)
    await authorize({ ...base, namespace: "", apiGroup: "authentication.k8s.io", resource: "uids", name: u });
  for (const [k, vs] of extras)
    for (const v of vs)
      await authorize({
        ...base,
        namespace: "",
        apiGroup: "authentication.k8s.io",
        resource: "userextras",
        subresource: k,
        name: v,
      });
  const out: string[] = [...groups];
  if (!groups.length && username.startsWith(saPrefix)) {
    const ns = username.slice(saPrefix.length).split(":")[0];
    out.push("system:serviceaccounts", `system:serviceaccounts:${ns}`);
  }
  if (username !== Anonymous) {
    if (!out.includes(AllAuthenticated) && !out.includes(AllUnauthenticated)) out.push(AllAuthenticated);
  } else if (!out.includes(AllUnauthenticated)) out.push(AllUnauthenticated);
  const result: UserInfo = { username, groups: out };
  if (uids.length) result.uid = uids[0];
  if (extras.length) result.extra = Object.fromEntries(extras);
  return result;
}

/** Go's %v of the []v1.ObjectReference upstream builds (Kind Namespace Name UID APIVersion ResourceVersion FieldPath). */
function describe(groups: string[], uids: string[], extras: [string, string[]][]): string {
  const ref = (kind: string, name: string, apiVersion = "", fieldPath = "") =>
    `{${[kind, "", name, "", apiVersion, "", fieldPath].join(" ")}}`;
  const parts = [
    ...groups.map((g) => ref("Group", g)),
    ...uids.map((u) => ref("UID", u, "authentication.k8s.io/v1")),
    ...extras.flatMap(([k, vs]) => vs.map((v) => ref("UserExtra", v, "authentication.k8s.io/v1", k))),
  ];
  return `[${parts.join(" ")}]`;
}
