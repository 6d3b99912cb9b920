import { z } from "zod";

const NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** Metric names: keys of the result document and columns of the CSV. */
export const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const name = z.string().max(100).regex(NAME, "must be letters, digits, '.', '_' or '-', starting with a letter");
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "must be a function");

function isObjectSchema(v: unknown): boolean {
  const def = (v as { _zod?: { def?: { type?: unknown } } } | null)?._zod?.def;
  return def?.type === "object";
}

/** What `defineSimulation` accepts, checked at run time (the types check it in editors). */
export const DefinitionSchema = z
  .strictObject({
    name,
    description: z.string().default(""),
    params: z.custom<z.ZodObject>(isObjectSchema, "must be a zod object schema: z.object({ … }) from @mcx/sdk"),
    models: z
      .array(z.union([name, z.strictObject({ name, description: z.string().default("") })]))
      .min(1)
      .transform((ms) => ms.map((m) => (typeof m === "string" ? { name: m, description: "" } : m))),
    metrics: z
      .record(
        z.string(),
        z.strictObject({
          kind: z.enum(["continuous", "proportion"]),
          unit: z.string().default(""),
          description: z.string().default(""),
          better: z.enum(["lower", "higher"]).exactOptional(),
        }),
      )
      .refine((m) => Object.keys(m).length > 0, "must declare at least one metric"),
    trial: fn.optional(),
    createKernel: fn.optional(),
  })
  .refine((d) => new Set(d.models.map((m) => m.name)).size === d.models.length, {
    path: ["models"],
    message: "must not repeat a model name",
  });
export type Definition = z.output<typeof DefinitionSchema>;
