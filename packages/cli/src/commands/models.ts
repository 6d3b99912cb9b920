import { describeSimulation, getSimulation, listSimulations, type SimulationDescription } from "@mcx/core";
import type { Command } from "commander";
import { createTable } from "../output/table.ts";

interface ModelsOptions {
  readonly json?: boolean;
}

function table(head: string[]) {
  return createTable(head, { wordWrap: true });
}

function showDefault(v: unknown): string {
  return v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);
}

function renderOne(d: SimulationDescription): string {
  const out: string[] = [`${d.name}: ${d.description}`, "", "models"];
  const models = table(["model", "metrics", "description"]);
  for (const m of d.models) models.push([m.name, m.metrics.join(", "), m.description]);
  out.push(models.toString(), "", "metrics");
  const metrics = table(["metric", "kind", "unit", "description"]);
  for (const m of d.metrics) metrics.push([m.name, m.kind, m.unit === "" ? "—" : m.unit, m.description]);
  out.push(metrics.toString(), "", "parameters (spec `params`, dot paths for `sweep`)");
  const params = table(["parameter", "type", "default", "description"]);
  for (const p of d.params) params.push([p.path, p.type, showDefault(p.default), p.description]);
  out.push(params.toString());
  return `${out.join("\n")}\n`;
}

function renderAll(ds: readonly SimulationDescription[]): string {
  const t = table(["simulation", "models", "metrics", "description"]);
  for (const d of ds)
    t.push([d.name, d.models.map((m) => m.name).join(", "), d.metrics.map((m) => m.name).join(", "), d.description]);
  return `${t.toString()}\nDetails, with every parameter and its default: mcx models NAME\n`;
}

/** `mcx models [NAME]`: simulations, models, metrics and parameters, straight from the schemas. */
export function register(program: Command): void {
  program
    .command("models")
    .description("list simulations, their models, metrics and parameters (with defaults, from the schema)")
    .argument("[name]", "one simulation to describe in full")
    .option("--json", "print the descriptions as JSON")
    .action((name: string | undefined, options: ModelsOptions) => {
      const ds =
        name === undefined
          ? listSimulations().map(describeSimulation)
          : [describeSimulation(getSimulation(name, "simulation"))];
      if (options.json) process.stdout.write(`${JSON.stringify(name === undefined ? ds : ds[0], null, 2)}\n`);
      else process.stdout.write(name === undefined ? renderAll(ds) : renderOne(ds[0]!));
    });
}
