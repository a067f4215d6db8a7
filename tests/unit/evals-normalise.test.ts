import { describe, expect, it } from "vitest";
import { normaliseAnswer, stripReasoning } from "@/lib/evals/normalise";

describe("normaliseAnswer", () => {
  it("removes reasoning blocks, closed or cut off", () => {
    expect(normaliseAnswer("<reasoning>The user wants X.\nSo...</reasoning>\nThe answer is 4.")).toBe("The answer is 4.");
    expect(normaliseAnswer("<think>hmm</think>Four.")).toBe("Four.");
    expect(normaliseAnswer("Four.<THINKING>left open")).toBe("Four.");
    expect(stripReasoning("a <reasoning>x</reasoning> b <reasoning>y</reasoning> c")).toBe("a  b  c");
  });

  it("trims, strips trailing spaces and collapses blank-line runs", () => {
    expect(normaliseAnswer("\n\n  First line   \r\nsecond\t\r\n\r\n\r\n\r\nthird\n\n\n")).toBe("First line\nsecond\n\nthird");
    expect(normaliseAnswer("a\n\nb")).toBe("a\n\nb");
  });

  it("unifies bullet and ordered-list markers, keeping emphasis and nesting", () => {
    expect(normaliseAnswer("* one\n+ two\n• three\n  * nested\n- four")).toBe("- one\n- two\n- three\n  - nested\n- four");
    expect(normaliseAnswer("1) first\n2) second")).toBe("1. first\n2. second");
    expect(normaliseAnswer("*emphasis* stays\n**bold** stays")).toBe("*emphasis* stays\n**bold** stays");
  });

  it("unifies heading styles: setext to ATX, closing hashes dropped, shallowest level becomes ##", () => {
    expect(normaliseAnswer("Title\n=====\n\ntext\n\nPart\n----\n\nmore")).toBe("## Title\n\ntext\n\n### Part\n\nmore");
    expect(normaliseAnswer("### A ###\n\n#### B")).toBe("## A\n\n### B");
    expect(normaliseAnswer("#   Spaced   ")).toBe("## Spaced");
    expect(normaliseAnswer("Intro\n# Head\ntext")).toBe("Intro\n\n## Head\n\ntext");
    expect(normaliseAnswer("## C#")).toBe("## C#");
  });

  it("two answers that differ only in shape come out the same", () => {
    const azureish = "Overview\n========\n\r\n\r\n\r\n* Fast   \n* Cheap\n\n\n\n1) Setup\n2) Run  ";
    const openaiish = "# Overview\n\n- Fast\n+ Cheap\n\n1. Setup\n2. Run";
    expect(normaliseAnswer(azureish)).toBe(normaliseAnswer(openaiish));
  });

  it("keeps thematic breaks apart from setext underlines", () => {
    expect(normaliseAnswer("para\n\n***\n\nnext")).toBe("para\n\n---\n\nnext");
    expect(normaliseAnswer("para\n\n- - -\n\nnext")).toBe("para\n\n---\n\nnext");
    // a two-line paragraph over --- is one setext heading in Markdown
    expect(normaliseAnswer("line one\nline two\n---")).toBe("## line one line two");
  });

  it("leaves fenced code exactly as written", () => {
    const code = "```python\n* not a bullet   \n\n\n\n# not a heading\n```";
    expect(normaliseAnswer(`Intro\n\n${code}\n\n\n\nAfter`)).toBe(`Intro\n\n${code}\n\nAfter`);
    expect(normaliseAnswer("~~~\n+ x\n~~~")).toBe("~~~\n+ x\n~~~");
  });
});
