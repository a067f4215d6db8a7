// Rule tags: categories a prompt gets from code, beside the tags people give it. Pure functions;
// each rule is defined here precisely and tested with positives and negatives
// (tests/unit/categories-rules.test.ts). The tags are stored on write (Turn.ruleTags,
// EvalPrompt.ruleTags) with RULES_VERSION, and rows of an older version are re-tagged by
// lib/categories/backfill.ts, so changing a rule here means bumping RULES_VERSION.
//
// - `code`: a fenced block (``` or ~~~), or at least two code-like lines making up at least a third
//   of the prompt's non-empty lines (a line ending in `;`, `{` or `}`, a lone bracket, a line that
//   starts with a keyword such as `def`, `function`, `import`, `#include`, `SELECT`...). Inline
//   `code` in prose is not enough: "use the `map` function" is a question about code, not code.
// - `math`: outside code, any of: LaTeX (`$$...$$`, `\(...\)`, `\[...\]`, a command such as
//   `\frac`, or `$...$` holding `\`, `^`, `_` or `=` with no space inside its dollars, so "$5 and
//   $10" is money); an arithmetic expression between numbers or one-letter variables (`17 * 23`,
//   `x^2`, `3x + 2 = 11`; `-` and `/` only with spaces around or beside an `=`); or a word problem:
//   a maths verb or phrase (solve, calculate, how many, probability, percent...) with at least two
//   numbers. Dates (2026-12-04, 04/12/2026), times (10:30), versions (v1.2.3) and ranges are
//   removed first, so they never count as maths.
// - `non-english`: outside code and URLs, mostly letters of a non-Latin script (Cyrillic, CJK,
//   Arabic...), or Latin text of at least MIN_LATIN_LETTERS letters that franc (franc-min, a
//   trigram language detector) does not read as English and in which fewer than one word in ten is
//   an English marker word (the, is, what, write, please...; words that are also common in other
//   European languages, such as "a" or "in", are not markers). Shorter Latin text is not tagged:
//   there is too little to tell.
// - `long-prompt`: more than LONG_PROMPT_TOKENS estimated tokens (lib/calls/estimate.ts, about 4
//   characters a token; Chatbot Arena's "longer query" category uses 500 tokens too).
// - `multi-turn`: the turn is a follow-up (index 1 or later): a vote on it counts in this category.
import { franc } from "franc-min";
import { estimateTokens } from "@/lib/calls/estimate";
import type { RuleTag } from "./schema";

export { RULE_TAGS, type RuleTag } from "./schema";
/** Bump when a rule changes: stored rows of an older version are re-tagged (lib/categories/backfill.ts). */
export const RULES_VERSION = 1;
export const LONG_PROMPT_TOKENS = 500;
export const MIN_LATIN_LETTERS = 8;

const FENCE = /^\s{0,3}(```|~~~)/m;
const FENCED_BLOCK = /(^|\n)\s{0,3}(```|~~~)[^\n]*\n[\s\S]*?(\n\s{0,3}\2[^\n]*(?=\n|$)|$)/g;
const INLINE_CODE = /`[^`\n]+`/g;
const URL = /\bhttps?:\/\/\S+/g;

const CODE_KEYWORD =
  /^\s*(def |class \w|function\s*\w*\s*\(|import \S|from \S+ import |#include\b|package \w|public |private |protected |static |const \w+\s*=|let \w+\s*=|var \w+\s*=|return\b|func \w|fn \w|SELECT\s.+\sFROM\s|INSERT INTO |UPDATE \w+ SET |CREATE TABLE |for\s*\(|while\s*\(|if\s*\(.*\)\s*\{?$|elif |else\s*:|try\s*:|except\b|console\.log\(|print\(|#!\/)/;
const CODE_END = /[;{}]\s*$|^\s*[)\]}]+[;,]?\s*$|=>\s*\{?\s*$|\)\s*:\s*$/;

/** Whether a line looks like code (see the header). */
function codeLike(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (CODE_KEYWORD.test(line)) return true;
  if (CODE_END.test(t)) {
    // prose that ends in a semicolon has spaces between plain words and no brackets or operators
    return /[(){}[\]=<>]|^\s*[)\]}]/.test(t);
  }
  return false;
}

export function hasCode(prompt: string): boolean {
  if (FENCE.test(prompt) && /(^|\n)\s{0,3}(```|~~~)[^\n]*\n/.test(prompt)) return true;
  const lines = prompt
    .replace(INLINE_CODE, "x")
    .split("\n")
    .filter((l) => l.trim());
  const code = lines.filter(codeLike).length;
  return code >= 2 && code * 3 >= lines.length;
}

/** The prompt without fenced blocks, inline code and URLs (what the prose rules read). */
export function proseOf(prompt: string): string {
  return prompt.replace(FENCED_BLOCK, "\n").replace(INLINE_CODE, " ").replace(URL, " ");
}

const LATEX_DISPLAY = /\$\$[\s\S]+?\$\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\\begin\{(equation|align|gather|math)\*?\}/;
const LATEX_COMMAND =
  /\\(frac|dfrac|sqrt|sum|prod|int|iint|oint|lim|infty|partial|nabla|cdot|times|div|pm|leq|geq|neq|approx|alpha|beta|gamma|delta|theta|lambda|mu|sigma|pi|omega|mathbb|mathrm|binom|log|ln|sin|cos|tan)\b/;
// $...$ with no space just inside the dollars, holding an operator, not followed by a digit
const LATEX_INLINE = /\$(?=\S)[^$\n]*?[\\^_=][^$\n]*?(?<=\S)\$(?!\d)/;

// things with digits and dashes or slashes that are not arithmetic
const NOT_ARITHMETIC = [
  /\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, // ISO dates and date-times
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, // 04/12/2026, 4.12.26
  /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/gi, // times
  /\bv?\d+\.\d+\.\d+\S*/gi, // versions
  /\+?\d[\d ()-]{7,}\d/g, // phone numbers
  /\b\d+\s*[–-]\s*\d+\s*(?=%|\b(?:pages?|years?|days?|hours?|minutes?|items?|words?|people|times|percent)\b)/gi, // ranges
];

const NUM_OR_VAR = String.raw`(?:\d+(?:[.,]\d+)?|\b[a-zA-Z]\b|\))`;
const OPERAND = String.raw`(?:\d|\b[a-zA-Z]\b|\()`;
// + * × ÷ ^ between operands; - and / only with spaces around them
const ARITHMETIC = new RegExp(String.raw`${NUM_OR_VAR}\s*(?:[+*×÷^]|\s[-/−]\s)\s*${OPERAND}`);
const COEFFICIENT_EQUATION = /\b\d*[a-z](?:\^\d+)?\s*[-+−]\s*\d+\s*=\s*-?\d/; // 3x + 2 = 11, x - 4 = 0
const EQUALS_EXPRESSION = new RegExp(String.raw`${NUM_OR_VAR}\s*[-/−]\s*${OPERAND}[^=\n]{0,20}=|=\s*${NUM_OR_VAR}\s*[-/−]\s*${OPERAND}`);
const MATH_WORDS =
  /\b(solve|calculate|compute|simplify|evaluate|integrate|differentiate|derivative|integral|equation|how many|how much|probability|percent(?:age)?|average|mean of|sum of|product of|remainder|divisible|factor(?:ise|ize)?|prime)\b/i;

export function hasMath(prompt: string): boolean {
  const prose = proseOf(prompt);
  if (LATEX_DISPLAY.test(prose) || LATEX_COMMAND.test(prose) || LATEX_INLINE.test(prose)) return true;
  let text = prose;
  for (const re of NOT_ARITHMETIC) text = text.replace(re, " ");
  // markdown emphasis (*word*, **word**) is not multiplication
  text = text.replace(/\*\*?(?=\S)[^*\n]+?(?<=\S)\*\*?/g, (m) => (/^\*+[\d\s*]+\*+$/.test(m) ? m : " "));
  if (ARITHMETIC.test(text) || COEFFICIENT_EQUATION.test(text) || EQUALS_EXPRESSION.test(text)) return true;
  const numbers = text.match(/\b\d+(?:[.,]\d+)?\b/g)?.length ?? 0;
  return numbers >= 2 && MATH_WORDS.test(text);
}

// English words that are not also common words of other European languages ("a", "in", "do",
// "me", "die", "an"... are left out on purpose)
const ENGLISH_MARKERS = new Set(
  (
    "the is are was were be been this that these those what which who whom whose why how when where with without " +
    "into for from of and or but not you your yours it its they them their there here we our us my i he she his her " +
    "can could would should will shall may might must does did have has had please write explain tell give make list " +
    "show find describe summarise summarize translate create about than then so if any some all each every other"
  ).split(" "),
);

const LETTER = /\p{L}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

export function isNonEnglish(prompt: string): boolean {
  const prose = proseOf(prompt);
  const letters = prose.match(LETTER)?.length ?? 0;
  if (letters === 0) return false;
  const latin = prose.match(LATIN_LETTER)?.length ?? 0;
  if ((letters - latin) * 2 >= letters) return true;
  if (latin < MIN_LATIN_LETTERS) return false;
  const words = prose.toLowerCase().match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];
  const markers = words.filter((w) => ENGLISH_MARKERS.has(w)).length;
  if (markers * 10 >= words.length) return false;
  const lang = franc(prose, { minLength: MIN_LATIN_LETTERS });
  return lang !== "eng" && lang !== "und";
}

export function isLongPrompt(prompt: string): boolean {
  return estimateTokens(prompt) > LONG_PROMPT_TOKENS;
}

/** The rule tags of a prompt; `turn` is its turn index (0 for an evaluation prompt). */
export function ruleTagsOf(prompt: string, { turn = 0 }: { turn?: number } = {}): RuleTag[] {
  const tags: RuleTag[] = [];
  if (hasCode(prompt)) tags.push("code");
  if (hasMath(prompt)) tags.push("math");
  if (isNonEnglish(prompt)) tags.push("non-english");
  if (isLongPrompt(prompt)) tags.push("long-prompt");
  if (turn > 0) tags.push("multi-turn");
  return tags;
}
