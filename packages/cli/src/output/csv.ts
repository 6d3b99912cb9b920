// One CSV flattening for `mcx run --csv`, `mcx submit --wait --csv` and `mcx results --csv`: the tested one in
// csv/result-csv.ts (swept parameters as columns, RFC 4180). Commands import it from here.
export { resultToCsv as toCsv } from "../csv/result-csv.ts";
