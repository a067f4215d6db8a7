import { describe, expect, it } from "vitest";
import {
  formatContext,
  formatCount,
  formatElapsed,
  formatMs,
  formatPercent,
  formatPrice,
  formatPricePair,
  formatTokensPerSecond,
  formatUsd,
} from "@/lib/format";

describe("formatUsd: one honest amount everywhere", () => {
  it.each([
    [0, "$0"],
    [0.0000000005, "<$0.000001"],
    [0.000001, "$0.000001"],
    [0.0000763, "$0.000076"],
    [0.0041234, "$0.0041"],
    [0.0006, "$0.0006"],
    [0.009999, "$0.01"],
    [0.0123, "$0.0123"],
    [0.5, "$0.5000"],
    [1, "$1.00"],
    [1234.5, "$1,234.50"],
    [-0.0041, "-$0.0041"],
  ])("%s -> %s", (x, text) => expect(formatUsd(x)).toBe(text));

  it("missing or not a number prints a dash", () => {
    for (const x of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatUsd(x)).toBe("–");
  });
});

describe("formatMs", () => {
  it.each([
    [0, "0 ms"],
    [312.4, "312 ms"],
    [999.4, "999 ms"],
    [999.6, "1.00 s"],
    [1480, "1.48 s"],
    [9994, "9.99 s"],
    [12_345, "12.3 s"],
    [75_000, "75.0 s"],
  ])("%s -> %s", (x, text) => expect(formatMs(x)).toBe(text));

  it("missing prints a dash", () => {
    expect(formatMs(null)).toBe("–");
    expect(formatMs(undefined)).toBe("–");
  });
});

describe("the other formats", () => {
  it("a running clock", () => {
    expect(formatElapsed(-5)).toBe("0.0 s");
    expect(formatElapsed(400)).toBe("0.4 s");
    expect(formatElapsed(59_900)).toBe("59.9 s");
    expect(formatElapsed(75_000)).toBe("1:15");
  });

  it("counts, weighted counts, percentages, speeds", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(12.5)).toBe("12.5");
    expect(formatCount(2.25)).toBe("2.3");
    expect(formatCount(null)).toBe("–");
    expect(formatPercent(0.416)).toBe("42%");
    expect(formatPercent(null)).toBe("–");
    expect(formatTokensPerSecond(1064.06)).toBe("1064.1");
    expect(formatTokensPerSecond(null)).toBe("–");
  });

  it("prices per 1M tokens and context windows", () => {
    expect(formatPrice(0)).toBe("$0");
    expect(formatPrice(0.075)).toBe("$0.075");
    expect(formatPrice(0.15)).toBe("$0.15");
    expect(formatPrice(2.5)).toBe("$2.50");
    expect(formatPricePair({ input: 0.15, output: 0.6 })).toBe("$0.15 / $0.60");
    expect(formatPricePair(null)).toBeNull();
    expect(formatContext(128_000)).toBe("128K");
    expect(formatContext(1_047_576)).toBe("1M");
    expect(formatContext(null)).toBeNull();
  });
});
