// The registry of cloud providers (upstream's cloudprovider.RegisterCloudProvider, as one map literal):
// a new provider is a folder here and one entry below; the manager looks providers up by name.
import type { CloudProviderFactory } from "../provider.js";
import { newLocalProvider } from "./local/index.js";

export const cloudProviders: Record<string, CloudProviderFactory> = {
  local: newLocalProvider,
};
