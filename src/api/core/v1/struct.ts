// Struct with the TS type it describes: fields not listed in `required` are optional in Static<>.
// (schema.ts's Struct marks them optional in the schema but its return type keeps them required.)
import type { TObject, TOptional, TProperties } from "@sinclair/typebox";
import { Struct as SchemaStruct, type K8sObjectOptions } from "../../schema.js";

export type StructProperties<T extends TProperties, R extends string> = {
  [K in keyof T]: K extends R ? T[K] : TOptional<T[K]>;
};

export function Struct<T extends TProperties, const R extends keyof T & string = never>(
  properties: T,
  options: K8sObjectOptions & { required?: R[] },
): TObject<StructProperties<T, R>> {
  return SchemaStruct(properties, options) as unknown as TObject<StructProperties<T, R>>;
}
