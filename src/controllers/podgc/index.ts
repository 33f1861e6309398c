// The pod garbage collector.
export { newPodGCController, PodGCController, type PodGCOptions } from "./controller.js";
