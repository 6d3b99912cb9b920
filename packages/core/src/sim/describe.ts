import { z } from "zod";
import type { MetricDecl, ModelDecl, Simulation } from "./types.ts";

/** One parameter of a simulation as `mcx models NAME` lists it. */
export interface ParamDescription {
  readonly path: string;
  readonly type: string;
  readonly default: unknown;
  readonly description: string;
}

export interface SimulationDescription {
  readonly name: string;
  readonly description: string;
  readonly models: readonly ModelDecl[];
  readonly metrics: readonly MetricDecl[];
  readonly params: readonly ParamDescription[];
}

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (node.anyOf) return node.anyOf.map(typeOf).join(" | ");
  const t = Array.isArray(node.type) ? node.type.join(" | ") : (node.type ?? "any");
  const lo = node.minimum ?? node.exclusiveMinimum;
  const bounds =
    lo !== undefined || node.maximum !== undefined
      ? ` [${lo ?? ""}${node.exclusiveMinimum !== undefined ? "<" : ""}..${node.maximum ?? ""}]`
      : "";
  return `${t}${bounds}`;
}

function walk(node: JsonSchemaNode, prefix: string, out: ParamDescription[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (child.properties) walk(child, path, out);
    else out.push({ path, type: typeOf(child), default: child.default, description: child.description ?? "" });
  }
}

/** Models, metrics and every parameter (dot path, type, default, description) of a simulation, from its schema. */
export function describeSimulation(sim: Simulation): SimulationDescription {
  const schema = z.toJSONSchema(sim.params as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
  const params: ParamDescription[] = [];
  walk(schema, "", params);
  return { name: sim.name, description: sim.description, models: sim.models, metrics: sim.metrics, params };
}
