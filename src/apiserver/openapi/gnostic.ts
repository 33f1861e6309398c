// The Swagger 2.0 document as a gnostic `openapi.v2.Document` protobuf message: what kubectl 1.27/1.28
// download from /openapi/v2 (Accept application/com.github.proto-openapi.spec.v2@v1.0+protobuf).
// The message description is the subset of google/gnostic-models openapiv2/OpenAPIv2.proto this
// document uses, with that file's field numbers; extension and default values travel as YAML text.
import protobuf from "protobufjs/light.js";
import YAML from "yaml";

/** Upstream answers with dots where the Accept header has "@" (Go's mime parser rejects "@"). */
export const gnosticContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

type Fields = Record<string, { id: number; type: string; rule?: "repeated" }>;
const one = (id: number, type: string) => ({ id, type });
const many = (id: number, type: string) => ({ id, type, rule: "repeated" as const });
const message = (fields: Fields, oneof?: string[]) =>
  oneof ? { fields, oneofs: { oneof: { oneof } } } : { fields };

const descriptor = {
  nested: {
    openapi: {
      nested: {
        v2: {
          nested: {
            Document: message({
              swagger: one(1, "string"),
              info: one(2, "Info"),
              paths: one(8, "Paths"),
              definitions: one(9, "Definitions"),
              security: many(12, "SecurityRequirement"),
              security_definitions: one(13, "SecurityDefinitions"),
              vendor_extension: many(16, "NamedAny"),
            }),
            Info: message({
              title: one(1, "string"),
              version: one(2, "string"),
              description: one(3, "string"),
            }),
            Paths: message({ vendor_extension: many(1, "NamedAny"), path: many(2, "NamedPathItem") }),
            NamedPathItem: message({ name: one(1, "string"), value: one(2, "PathItem") }),
            PathItem: message({
              _ref: one(1, "string"),
              get: one(2, "Operation"),
              put: one(3, "Operation"),
              post: one(4, "Operation"),
              delete: one(5, "Operation"),
              options: one(6, "Operation"),
              head: one(7, "Operation"),
              patch: one(8, "Operation"),
              parameters: many(9, "ParametersItem"),
              vendor_extension: many(10, "NamedAny"),
            }),
            Operation: message({
              tags: many(1, "string"),
              summary: one(2, "string"),
              description: one(3, "string"),
              operation_id: one(5, "string"),
              produces: many(6, "string"),
              consumes: many(7, "string"),
              parameters: many(8, "ParametersItem"),
              responses: one(9, "Responses"),
              schemes: many(10, "string"),
              deprecated: one(11, "bool"),
              vendor_extension: many(13, "NamedAny"),
            }),
            ParametersItem: message(
              { parameter: one(1, "Parameter"), json_reference: one(2, "JsonReference") },
              ["parameter", "json_reference"],
            ),
            JsonReference: message({ _ref: one(1, "string"), description: one(2, "string") }),
            Parameter: message(
              { body_parameter: one(1, "BodyParameter"), non_body_parameter: one(2, "NonBodyParameter") },
              ["body_parameter", "non_body_parameter"],
            ),
            BodyParameter: message({
              description: one(1, "string"),
              name: one(2, "string"),
              in: one(3, "string"),
              required: one(4, "bool"),
              schema: one(5, "Schema"),
              vendor_extension: many(6, "NamedAny"),
            }),
            NonBodyParameter: message(
              {
                query_parameter_sub_schema: one(3, "QueryParameterSubSchema"),
                path_parameter_sub_schema: one(4, "PathParameterSubSchema"),
              },
              ["query_parameter_sub_schema", "path_parameter_sub_schema"],
            ),
            QueryParameterSubSchema: message({
              required: one(1, "bool"),
              in: one(2, "string"),
              description: one(3, "string"),
              name: one(4, "string"),
              allow_empty_value: one(5, "bool"),
              type: one(6, "string"),
              format: one(7, "string"),
              unique_items: one(20, "bool"),
              vendor_extension: many(23, "NamedAny"),
            }),
            PathParameterSubSchema: message({
              required: one(1, "bool"),
              in: one(2, "string"),
              description: one(3, "string"),
              name: one(4, "string"),
              type: one(5, "string"),
              format: one(6, "string"),
              unique_items: one(19, "bool"),
              vendor_extension: many(22, "NamedAny"),
            }),
            Responses: message({
              response_code: many(1, "NamedResponseValue"),
              vendor_extension: many(2, "NamedAny"),
            }),
            NamedResponseValue: message({ name: one(1, "string"), value: one(2, "ResponseValue") }),
            ResponseValue: message(
              { response: one(1, "Response"), json_reference: one(2, "JsonReference") },
              ["response", "json_reference"],
            ),
            Response: message({
              description: one(1, "string"),
              schema: one(2, "SchemaItem"),
              vendor_extension: many(5, "NamedAny"),
            }),
            SchemaItem: message({ schema: one(1, "Schema") }, ["schema"]),
            Schema: message({
              _ref: one(1, "string"),
              format: one(2, "string"),
              title: one(3, "string"),
              description: one(4, "string"),
              default: one(5, "Any"),
              unique_items: one(16, "bool"),
              required: many(19, "string"),
              enum: many(20, "Any"),
              additional_properties: one(21, "AdditionalPropertiesItem"),
              type: one(22, "TypeItem"),
              items: one(23, "ItemsItem"),
              all_of: many(24, "Schema"),
              properties: one(25, "Properties"),
              read_only: one(27, "bool"),
              example: one(30, "Any"),
              vendor_extension: many(31, "NamedAny"),
            }),
            AdditionalPropertiesItem: message({ schema: one(1, "Schema"), boolean: one(2, "bool") }, [
              "schema",
              "boolean",
            ]),
            TypeItem: message({ value: many(1, "string") }),
            ItemsItem: message({ schema: many(1, "Schema") }),
            Properties: message({ additional_properties: many(1, "NamedSchema") }),
            Definitions: message({ additional_properties: many(1, "NamedSchema") }),
            NamedSchema: message({ name: one(1, "string"), value: one(2, "Schema") }),
            Any: message({ yaml: one(2, "string") }),
            NamedAny: message({ name: one(1, "string"), value: one(2, "Any") }),
            SecurityDefinitions: message({ additional_properties: many(1, "NamedSecurityDefinitionsItem") }),
            NamedSecurityDefinitionsItem: message({
              name: one(1, "string"),
              value: one(2, "SecurityDefinitionsItem"),
            }),
            SecurityDefinitionsItem: message({ api_key_security: one(2, "ApiKeySecurity") }, [
              "api_key_security",
            ]),
            ApiKeySecurity: message({
              type: one(1, "string"),
              name: one(2, "string"),
              in: one(3, "string"),
              description: one(4, "string"),
              vendor_extension: many(5, "NamedAny"),
            }),
            SecurityRequirement: message({ additional_properties: many(1, "NamedStringArray") }),
            NamedStringArray: message({ name: one(1, "string"), value: one(2, "StringArray") }),
            StringArray: message({ value: many(1, "string") }),
          },
        },
      },
    },
  },
};

export const gnosticDocument = protobuf.Root.fromJSON(descriptor).lookupType("openapi.v2.Document");

type Json = Record<string, any>;

/** The gnostic message object for a Swagger 2.0 JSON document. */
export function toGnostic(doc: Json): Json {
  const out: Json = { swagger: doc.swagger };
  if (doc.info) out.info = { title: doc.info.title, version: doc.info.version };
  out.paths = {
    path: Object.entries((doc.paths ?? {}) as Record<string, Json>).map(([name, item]) => ({
      name,
      value: pathItem(item),
    })),
  };
  out.definitions = {
    additional_properties: Object.entries((doc.definitions ?? {}) as Record<string, Json>).map(
      ([name, s]) => ({ name, value: schema(s) }),
    ),
  };
  if (doc.security) {
    out.security = (doc.security as Json[]).map((req) => ({
      additional_properties: Object.entries(req).map(([name, scopes]) => ({
        name,
        value: { value: scopes },
      })),
    }));
  }
  if (doc.securityDefinitions) {
    out.security_definitions = {
      additional_properties: Object.entries(doc.securityDefinitions as Json).map(([name, d]) => ({
        name,
        value: { api_key_security: { type: d.type, name: d.name, in: d.in, description: d.description } },
      })),
    };
  }
  return out;
}

/** Encodes a Swagger 2.0 JSON document as the gnostic protobuf. */
export function encodeGnostic(doc: Json): Uint8Array {
  return gnosticDocument.encode(toGnostic(doc)).finish();
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch"];

function pathItem(item: Json): Json {
  const out: Json = {};
  for (const m of methods) if (item[m]) out[m] = operation(item[m]);
  if (item.parameters) out.parameters = (item.parameters as Json[]).map(parameter);
  withExtensions(out, item);
  return out;
}

function operation(op: Json): Json {
  const out: Json = {};
  if (op.tags) out.tags = op.tags;
  if (op.summary) out.summary = op.summary;
  if (op.description) out.description = op.description;
  if (op.operationId) out.operation_id = op.operationId;
  if (op.produces) out.produces = op.produces;
  if (op.consumes) out.consumes = op.consumes;
  if (op.parameters) out.parameters = (op.parameters as Json[]).map(parameter);
  if (op.responses) {
    out.responses = {
      response_code: Object.entries(op.responses as Json).map(([name, r]) => {
        const response: Json = { description: r.description };
        if (r.schema) response.schema = { schema: schema(r.schema) };
        return { name, value: { response } };
      }),
    };
  }
  if (op.schemes) out.schemes = op.schemes;
  if (op.deprecated) out.deprecated = true;
  withExtensions(out, op);
  return out;
}

function parameter(p: Json): Json {
  if (p.$ref) return { json_reference: { _ref: p.$ref } };
  if (p.in === "body") {
    const body: Json = { name: p.name, in: p.in, schema: schema(p.schema) };
    if (p.required) body.required = true;
    if (p.description) body.description = p.description;
    return { parameter: { body_parameter: body } };
  }
  const sub: Json = { in: p.in, name: p.name, type: p.type };
  if (p.required) sub.required = true;
  if (p.description) sub.description = p.description;
  if (p.format) sub.format = p.format;
  if (p.uniqueItems) sub.unique_items = true;
  const key = p.in === "path" ? "path_parameter_sub_schema" : "query_parameter_sub_schema";
  return { parameter: { non_body_parameter: { [key]: sub } } };
}

function schema(s: Json): Json {
  const out: Json = {};
  if (s.$ref) out._ref = s.$ref;
  if (s.format) out.format = s.format;
  if (s.title) out.title = s.title;
  if (s.description) out.description = s.description;
  if (s.default !== undefined) out.default = yaml(s.default);
  if (s.uniqueItems) out.unique_items = true;
  if (s.required) out.required = s.required;
  if (s.enum) out.enum = (s.enum as unknown[]).map(yaml);
  if (s.additionalProperties !== undefined) {
    out.additional_properties =
      typeof s.additionalProperties === "boolean"
        ? { boolean: s.additionalProperties }
        : { schema: schema(s.additionalProperties) };
  }
  if (s.type) out.type = { value: Array.isArray(s.type) ? s.type : [s.type] };
  if (s.items) out.items = { schema: (Array.isArray(s.items) ? s.items : [s.items]).map(schema) };
  if (s.allOf) out.all_of = (s.allOf as Json[]).map(schema);
  if (s.properties) {
    out.properties = {
      additional_properties: Object.entries(s.properties as Json).map(([name, p]) => ({
        name,
        value: schema(p),
      })),
    };
  }
  if (s.readOnly) out.read_only = true;
  withExtensions(out, s);
  return out;
}

function withExtensions(out: Json, from: Json): void {
  const ext = Object.entries(from)
    .filter(([k]) => k.startsWith("x-"))
    .map(([name, v]) => ({ name, value: yaml(v) }));
  if (ext.length > 0) out.vendor_extension = ext;
}

function yaml(v: unknown): Json {
  return { yaml: YAML.stringify(v) };
}
