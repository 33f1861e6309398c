// The EndpointSlice controller.
export {
  newEndpointSliceController,
  EndpointSliceController,
  type EndpointSliceControllerOptions,
} from "./controller.js";
export { reconcileSlices, controllerName as endpointSliceControllerName } from "./reconciler.js";
