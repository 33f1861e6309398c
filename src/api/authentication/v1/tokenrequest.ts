// TokenRequest is not a resource of authentication.k8s.io: upstream serves it as the core/v1
// serviceaccounts/token subresource (`kubectl create token` POSTs one there). This is its discovery entry,
// for the serviceaccounts ResourceType's extraSubresources.
import type { ExtraSubresource } from "../../registry.js";

export const serviceAccountTokenSubresource: ExtraSubresource = {
  name: "token",
  kind: "TokenRequest",
  group: "authentication.k8s.io",
  version: "v1",
  verbs: ["create"],
};
