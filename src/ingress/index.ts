// The ingress controller: networking.k8s.io/v1 Ingress served by the node (HTTP, HTTPS with SNI, WebSocket).
export {
  createIngressController,
  type IngressController,
  type IngressControllerContext,
  type IngressControllerOptions,
} from "./controller.js";
export { RoutingTable, prefixMatches, wildcardMatches, type Backend, type Match } from "./routes.js";
export { ingressClassName, controllerName, defaultIngressClass, isOurs } from "./class.js";
