// Moved to src/api/validation/labelselector.ts; kept so existing imports of this path still work.
export { validateLabelSelector, formatLabelSelector } from "../../validation/labelselector.js";
