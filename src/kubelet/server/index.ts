export { createKubeletServer, type KubeletServerOptions } from "./server.js";
