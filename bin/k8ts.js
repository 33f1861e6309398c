#!/usr/bin/env node
// Entry point for `npx k8ts`: runs the compiled CLI (built by `npm install` via the prepare script).
// The young generation stays small while modules load (src/cli/young-generation.ts); the command releases it.
import { holdYoungGeneration } from "../dist/src/cli/young-generation.js";

holdYoungGeneration();
await import("../dist/src/cli/main.js");
