// Moved to src/api/validation/fieldrules.ts; kept so existing imports of this path still work.
export * from "../../validation/fieldrules.js";
