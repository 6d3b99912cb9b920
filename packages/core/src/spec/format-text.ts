import { stringify } from "yaml";

/**
 * A spec as YAML text that `parseSpecText` reads back to the same value (what `mcx extend` shows and writes).
 * @example specToYaml({ name: "x", trials: 10 }) // → "name: x\ntrials: 10\n"
 */
export function specToYaml(spec: unknown): string {
  return stringify(spec, { lineWidth: 0 });
}
