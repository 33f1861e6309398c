// Moved to src/api/printers/columns.ts; kept so existing imports of this path still work.
export { nameColumn, ageColumn } from "../../printers/columns.js";
