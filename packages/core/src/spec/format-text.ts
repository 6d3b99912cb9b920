import { Document, isScalar, visit } from "yaml";

/**
 * A spec as YAML text that `parseSpecText` reads back to the same value (what `mcx extend` shows and writes), lists
 * of plain values on one line as people write them (`nCpu: [4, 32]`).
 * @example specToYaml({ name: "x", models: ["a", "b"] }) // → "name: x\nmodels: [a, b]\n"
 */
export function specToYaml(spec: unknown): string {
  const doc = new Document(spec);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
