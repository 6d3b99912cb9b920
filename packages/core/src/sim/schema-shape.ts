import type { z } from "zod";

type AnySchema = z.core.$ZodType;

/** Strips wrappers (default, prefault, optional, nullable, pipe/transform) to reach the schema that holds the shape. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let depth = 0; depth < 16; depth++) {
    const def = s._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (
      (def.type === "default" || def.type === "prefault" || def.type === "optional" || def.type === "nullable") &&
      def.innerType
    ) {
      s = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      s = def.in;
    } else {
      return s;
    }
  }
  return s;
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const s = unwrap(schema);
  const def = s._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
  return def.type === "object" ? def.shape : undefined;
}

/** The keys of the object schema reached by following `segments` from `root`; [] when it is not an object. */
export function keysAt(root: AnySchema, segments: readonly PropertyKey[]): string[] {
  let s: AnySchema | undefined = root;
  for (const seg of segments) {
    s = s === undefined ? undefined : shapeOf(s)?.[String(seg)];
  }
  const shape = s === undefined ? undefined : shapeOf(s);
  return shape ? Object.keys(shape) : [];
}

/** The schema of the leaf at a dot path, or undefined when the path names no parameter. */
export function schemaAtPath(root: AnySchema, dotPath: string): AnySchema | undefined {
  let s: AnySchema | undefined = root;
  for (const seg of dotPath.split(".")) {
    if (s === undefined) return undefined;
    s = shapeOf(s)?.[seg];
  }
  return s;
}

/** Every leaf dot path of an object schema, depth first, in declaration order. */
export function leafPaths(root: AnySchema, prefix = ""): string[] {
  const shape = shapeOf(root);
  if (!shape) return prefix === "" ? [] : [prefix];
  const out: string[] = [];
  for (const [k, v] of Object.entries(shape)) {
    const p = prefix === "" ? k : `${prefix}.${k}`;
    if (shapeOf(v)) out.push(...leafPaths(v, p));
    else out.push(p);
  }
  return out;
}
