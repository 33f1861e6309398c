// Moved to src/api/validation/intorpercent.ts; kept so existing imports of this path still work.
export * from "../../validation/intorpercent.js";
