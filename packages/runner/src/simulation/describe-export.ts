/** What a module's default export is, for the error that says it is not a simulation. */
export interface FoundExport {
  readonly found: string;
  readonly hint: string;
}

const HINT = "end the module with `export default defineSimulation({ … })`, importing defineSimulation from @mcx/sdk";
const DEFINITION_KEYS = ["name", "params", "models", "metrics", "trial", "createKernel"];

function keysOf(value: object): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return "no keys";
  const shown = keys.slice(0, 6).join(", ");
  return `keys ${shown}${keys.length > 6 ? ", …" : ""}`;
}

/** Describes `namespace.default` as found, with a hint that fits. */
export function describeDefaultExport(namespace: Record<string, unknown>): FoundExport {
  const value = namespace.default;
  if (!("default" in namespace)) {
    const named = Object.keys(namespace);
    const found =
      named.length === 0 ? "no default export" : `no default export (named exports: ${named.slice(0, 6).join(", ")})`;
    return { found, hint: HINT };
  }
  if (value === null) return { found: "null", hint: HINT };
  if (typeof value === "function") {
    return { found: value.name === "" ? "a function" : `a function named ${value.name}`, hint: HINT };
  }
  if (Array.isArray(value)) return { found: `an array of ${value.length} item(s)`, hint: HINT };
  if (typeof value === "object") {
    const looksLikeDefinition = DEFINITION_KEYS.some((k) => k in value);
    return {
      found: `${looksLikeDefinition ? "a plain object" : "an object"} with ${keysOf(value)}`,
      hint: looksLikeDefinition ? "pass the object to defineSimulation(…) from @mcx/sdk and export its result" : HINT,
    };
  }
  return { found: `${typeof value} ${JSON.stringify(value) ?? String(value)}`, hint: HINT };
}
