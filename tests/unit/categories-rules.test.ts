// Each rule tag with positives, negatives and the tricky cases (lib/categories/rules.ts).
import { describe, expect, it } from "vitest";
import { hasCode, hasMath, isLongPrompt, isNonEnglish, LONG_PROMPT_TOKENS, ruleTagsOf } from "@/lib/categories/rules";

describe("code", () => {
  it.each([
    ["a fenced block", "Why does this fail?\n```python\nprint(1/0)\n```"],
    ["a tilde fence", "~~~\nls -la\n~~~"],
    ["code lines without a fence", "What does this do?\nfunction add(a, b) {\n  return a + b;\n}"],
    ["python without a fence", "Fix it:\ndef f(x):\n    return x * 2\nprint(f(3))"],
    ["SQL lines", "SELECT name FROM users WHERE id = 1;\nUPDATE users SET name = 'a' WHERE id = 2;"],
  ])("tags %s", (_, prompt) => expect(hasCode(prompt)).toBe(true));

  it.each([
    ["inline code in English prose", "How do I use the `map` function and `filter` in JavaScript to clean an array?"],
    ["prose with semicolons", "I came; I saw; I conquered.\nThen I went home;"],
    ["a list in prose", "Compare these:\n- apples\n- oranges\n- pears"],
    [
      "one code-like line in a long text",
      "Explain this line.\nreturn x;\nIt is from a book.\nThe book is old.\nI like it.\nWhat does it mean?",
    ],
    ["a plain question", "What is the capital of France?"],
  ])("does not tag %s", (_, prompt) => expect(hasCode(prompt)).toBe(false));
});

describe("math", () => {
  it.each([
    ["inline LaTeX", "Prove that $x^2 \\geq 0$ for every real x."],
    ["display LaTeX", "Simplify $$\\frac{a}{b} + \\frac{c}{d}$$"],
    ["a LaTeX command in prose", "What is \\sqrt{2} to three places?"],
    ["arithmetic", "What is 17 * 23?"],
    ["an equation", "Solve 3x + 2 = 11."],
    ["a power", "Expand (a + b)^2"],
    ["subtraction with spaces", "How much is 100 - 37?"],
    ["a word problem", "A train leaves at noon going 60 km an hour. How many km has it gone after 3 hours?"],
    ["a percentage problem", "What is 15 percent of 80?"],
  ])("tags %s", (_, prompt) => expect(hasMath(prompt)).toBe(true));

  it.each([
    ["a date", "What happened on 2026-12-04?"],
    ["a date and time", "Remind me at 2026-12-04T10:30:00Z and 04/12/2026."],
    ["a time", "The meeting is at 10:30 or 14:45."],
    ["money", "It costs $5 and the deluxe one $10."],
    ["a version", "Upgrade from v1.2.3 to 2.0.1 please."],
    ["a range of pages", "Read pages 10-20 and summarise them."],
    ["markdown emphasis", "Make the **title** bold and the *word* italic."],
    ["a fraction in a recipe", "Add 1/2 cup of flour."],
    ["a word problem verb with one number", "How many moons does Mars have? Give 1 answer."],
    ["maths inside code only", "```\nx = a + 1\n```"],
    ["a plain question", "Who wrote Hamlet?"],
  ])("does not tag %s", (_, prompt) => expect(hasMath(prompt)).toBe(false));
});

describe("non-english", () => {
  it.each([
    ["short German", "Wie spät ist es?"],
    ["short Spanish", "¿Dónde está la biblioteca?"],
    ["French", "Bonjour, comment ça va aujourd'hui ?"],
    ["Japanese", "東京の天気は？"],
    ["Russian", "Привет, как дела?"],
    ["a short Chinese prompt", "你好"],
  ])("tags %s", (_, prompt) => expect(isNonEnglish(prompt)).toBe(true));

  it.each([
    ["a short English prompt", "Write a haiku"],
    ["English about another language", "Translate 'good morning' into Spanish."],
    ["English with a foreign name", "Tell me about Düsseldorf and München."],
    ["English quoting a Japanese word", "What does 寿司 mean?"],
    ["too short to tell", "Hola"],
    ["code only", "```\nconst x = 1;\n```"],
    ["a technical English prompt", "Explain how a hash map works in Go, with an example."],
  ])("does not tag %s", (_, prompt) => expect(isNonEnglish(prompt)).toBe(false));
});

describe("long-prompt", () => {
  it("is over the threshold, not at it", () => {
    expect(isLongPrompt("x".repeat(LONG_PROMPT_TOKENS * 4))).toBe(false);
    expect(isLongPrompt("x".repeat(LONG_PROMPT_TOKENS * 4 + 1))).toBe(true);
  });
});

describe("ruleTagsOf", () => {
  it("combines the rules and tags follow-up turns multi-turn", () => {
    expect(ruleTagsOf("What is 2 + 2?")).toEqual(["math"]);
    expect(ruleTagsOf("What is 2 + 2?", { turn: 1 })).toEqual(["math", "multi-turn"]);
    expect(ruleTagsOf("Who wrote Hamlet?")).toEqual([]);
    expect(ruleTagsOf("Wie viel ist 2 + 2?\n```js\nconsole.log(2 + 2);\n```" + " und noch mehr Text".repeat(120))).toEqual([
      "code",
      "math",
      "non-english",
      "long-prompt",
    ]);
  });
});
