// The Endpoints controller.
export {
  newEndpointsController,
  EndpointsController,
  type EndpointsControllerOptions,
} from "./controller.js";
