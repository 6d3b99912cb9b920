import Table from "cli-table3";

/** A plain table (no colours, so pipes and files get clean text) without rules between body rows. */
export function createTable(head: string[], options: { readonly wordWrap?: boolean } = {}): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1, compact: true },
    wordWrap: options.wordWrap ?? false,
  });
}
