// Every resource k8ts serves, in discovery order (core first, then groups as upstream lists them).
import type { ResourceType } from "./registry.js";

import { resources as g0 } from "./core/v1/index.js";
import { resources as g1 } from "./apps/v1/index.js";
import { resources as g2 } from "./batch/v1/index.js";
import { resources as g3 } from "./networking/v1/index.js";
import { resources as g4 } from "./discovery/v1/index.js";
import { resources as g5 } from "./coordination/v1/index.js";
import { resources as g6 } from "./events/v1/index.js";
import { resources as g7 } from "./rbac/v1/index.js";
import { resources as g8 } from "./storage/v1/index.js";
import { resources as g9 } from "./autoscaling/v1/index.js";
import { resources as g10 } from "./autoscaling/v2/index.js";
import { resources as g11 } from "./policy/v1/index.js";
import { resources as g12 } from "./scheduling/v1/index.js";

export const allResources: ResourceType[] = [
  ...g0,
  ...g1,
  ...g2,
  ...g3,
  ...g4,
  ...g5,
  ...g6,
  ...g7,
  ...g8,
  ...g9,
  ...g10,
  ...g11,
  ...g12,
];

export * from "./registry.js";
