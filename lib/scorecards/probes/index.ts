// The probe suites of scorecards (issue 12): the built-in suite, the checkers, which items a
// deployment gets, and custom suites from CSV/JSONL. Pure and isomorphic (no DB, no provider calls).
//
// A call that errored (status "error", or no answer at all) is not "wrong": callers record it as an
// error (ProbeCall outcome "error", pass null) and do not ask a checker about it. checkAnswer on an
// errored answer still returns pass: false with detail "the call failed", for safety.
export { builtinSuite, BUILTIN_SUITE_VERSION, BUILTIN_FAMILY_SIZES } from "./builtin";
export { checkAnswer, checkItemSamples, isGroupJudged, pairOf } from "./check";
export { probeAnswerOf } from "./answer";
export { itemsForModel, type ItemSelection, type SkippedItem, type SkipReason } from "./select";
export { parseSuiteFile, MAX_SUITE_ITEMS, MAX_SUITE_PROMPT_CHARS, SUITE_CHECKERS, SUITE_CSV_COLUMNS, type SuiteFileFormat } from "./custom";
//
// Reasoning-effort items come in pairs (same `pair` id, one "low" and one "high"): pass the paired
// item's answers (same sample order) as the third argument of checkItemSamples; `pairOf(item)`
// gives an item's pair id. Temperature-zero and seed items are judged over their K samples
// (checkItemSamples); `isGroupJudged(item)` tells which items need that.
