// What the cloud controllers need from their host process: the controller manager's context.
import type { RestClient } from "../client/rest/client.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { EventRecorder } from "../client/record/recorder.js";
import type { Logger } from "../client/log.js";

export interface CloudContext {
  client: RestClient;
  informers: SharedInformerFactory;
  recorder(component: string): EventRecorder;
  log: Logger;
}
