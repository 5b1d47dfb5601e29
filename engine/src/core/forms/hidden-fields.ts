// A form's schema without the fields its reader may not see (pure, browser-safe): the portal shows
// a requester the form this way (designer/src/portal/form-logic.ts `forAccess`), and the server
// compiles the portal's validators for exactly this schema (validator-module.ts), so both must
// build the very same object.
export type JsonObject = Record<string, unknown>;

/** The schema with the `hidden` top-level fields gone from `properties` and `required`. */
export function hiddenFieldsRemoved(schema: JsonObject, hidden: Iterable<string>): JsonObject {
  const gone = new Set(hidden);
  const properties = Object.fromEntries(
    Object.entries((schema.properties ?? {}) as JsonObject).filter(([f]) => !gone.has(f)),
  );
  const required = ((schema.required ?? []) as string[]).filter((f) => !gone.has(f));
  return { ...schema, properties, required };
}
