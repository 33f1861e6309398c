// Test support: the schema formats and kinds the API server registers before checking objects
// (TypeBox knows neither "date-time" nor the Unsafe preserve-unknown-fields kind on its own).
import { FormatRegistry, TypeRegistry } from "@sinclair/typebox";

export function registerSchemaKinds(): void {
  if (!FormatRegistry.Has("date-time"))
    FormatRegistry.Set("date-time", (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
    );
  if (!FormatRegistry.Has("byte")) FormatRegistry.Set("byte", (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v));
  if (!TypeRegistry.Has("Unsafe"))
    TypeRegistry.Set("Unsafe", (schema: { type?: string }, value) =>
      schema.type === "object" ? typeof value === "object" && value !== null && !Array.isArray(value) : true,
    );
}
