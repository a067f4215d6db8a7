import type { CheckResult, ProbeAnswer, ProbeItem } from "../types";
export function isGroupJudged(item: ProbeItem): boolean {
  return item.checker.kind === "parameter" && ["temperature-zero", "seed", "reasoning-effort"].includes(item.checker.probe.probe);
}
export function checkAnswer(item: ProbeItem, answer: ProbeAnswer): CheckResult {
  void item;
  void answer;
  return { pass: false, detail: "not implemented" };
}
export function checkItemSamples(item: ProbeItem, answers: ProbeAnswer[]): CheckResult[] {
  return answers.map((a) => checkAnswer(item, a));
}
