// Moved to src/api/validation/ports.ts; kept so existing imports of this path still work.
export { isValidPortNum, isValidPortName } from "../../validation/ports.js";
