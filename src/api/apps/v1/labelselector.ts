// Moved to src/api/validation/labelselector.ts; kept so existing imports of this path still work.
export * from "../../validation/labelselector.js";
