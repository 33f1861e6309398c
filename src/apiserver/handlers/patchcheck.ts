// Checks a patched object must pass before it is stored: it still names the URL's object.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { badRequest } from "../errors.js";
import type { RequestScope } from "./scope.js";
export { ensureRequestNamespace } from "./create.js";

/** upstream checkName on the patched object (a patch may not rename). */
export function checkNameAfterPatch(s: RequestScope, obj: KubeObject): void {
  const m = obj.metadata as { name?: string; namespace?: string };
  const objName = m.name ?? "";
  if (objName !== s.name)
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${s.name})`);
}
