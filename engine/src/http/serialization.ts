// fastify's own response serializer compiler (fast-json-stringify, as fastify would load it), with
// what it compiled kept for the process: every app a process builds (the tests build dozens, a
// replica a second one) compiles the same response schemas, and a compiled serializer is a pure
// function of its schema, so it is compiled once. Keyed by the schema's text, not its object.
import { createRequire } from 'node:module';

type Serialize = (data: unknown) => string;
type RouteSchema = { schema: unknown; method?: string; url?: string; httpStatus?: string };
type SerializerFactory = (
  externalSchemas: Record<string, unknown>,
  options?: unknown,
) => (route: RouteSchema) => Serialize;

// Resolved from fastify, so it is the very compiler fastify uses by default (its dependency).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const defaultFactory = (
  fromFastify('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory }
).SerializerSelector();

const compilersByShared = new Map<
  string,
  { compile: (route: RouteSchema) => Serialize; compiled: Map<string, Serialize> }
>();

/** fastify `schemaController.compilersFactory.buildSerializer`. */
export function buildSerializer(externalSchemas: Record<string, unknown>, options?: unknown) {
  const sharedKey = JSON.stringify([externalSchemas, options ?? null]);
  let found = compilersByShared.get(sharedKey);
  if (!found) {
    found = { compile: defaultFactory(externalSchemas, options), compiled: new Map() };
    compilersByShared.set(sharedKey, found);
  }
  const { compile, compiled } = found;
  return (route: RouteSchema): Serialize => {
    const key = JSON.stringify(route.schema);
    let serialize = compiled.get(key);
    if (!serialize) {
      serialize = compile(route);
      compiled.set(key, serialize);
    }
    return serialize;
  };
}
