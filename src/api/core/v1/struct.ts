// Kept for the core/v1 files that import Struct from here; schema.ts is the one definition.
export { Struct, type StructProperties } from "../../schema.js";
