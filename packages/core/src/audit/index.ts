export { chooseShards } from "./choose-shards.ts";
export { replayLedger } from "./replay-ledger.ts";
