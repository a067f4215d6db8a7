import { APICallError, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { describeError } from "@/lib/calls/describe-error";
import { tokensPerSecond } from "@/lib/compare/metrics";
import { createComparisonSchema } from "@/lib/compare/schema";
import { fromZodError } from "@/lib/errors";
import { formatMs, formatUsd as formatCost } from "@/lib/format";

function apiError(statusCode: number | undefined, message: string, extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {}) {
  return new APICallError({ message, url: "http://127.0.0.1/v1/responses", requestBodyValues: {}, statusCode, ...extra });
}

describe("describeError", () => {
  it("names the provider, the status and the attempts for exhausted retries", () => {
    const last = apiError(429, "Rate limit reached", { responseHeaders: { "x-request-id": "req_1" } });
    const error = new RetryError({ message: "x", reason: "maxRetriesExceeded", errors: [last, last, last] });
    expect(describeError(error, "Azure OpenAI", 3)).toEqual({
      code: "rate_limited",
      statusCode: 429,
      requestId: "req_1",
      message: "Rate limited by Azure OpenAI (429) after 3 attempts.",
    });
  });

  it("does not claim attempts that did not happen", () => {
    expect(describeError(apiError(429, "slow down"), "OpenAI", 1).message).toBe("Rate limited by OpenAI (429).");
  });

  it.each([
    [401, "Incorrect API key provided", "unauthorized", "OpenAI rejected the credentials (401): Incorrect API key provided"],
    [
      403,
      "The request signature we calculated does not match",
      "forbidden",
      "OpenAI denied access (403): The request signature we calculated does not match",
    ],
    [404, "The model does not exist", "not_found", "OpenAI does not know this model or deployment (404): The model does not exist"],
    [400, "Invalid prompt", "rejected", "OpenAI rejected the request (400): Invalid prompt"],
  ])("HTTP %i", (status, message, code, sentence) => {
    expect(describeError(apiError(status, message), "OpenAI")).toMatchObject({ code, message: sentence, statusCode: status });
  });

  it("recognises Azure's content filter", () => {
    const e = apiError(400, "The response was filtered", { responseBody: '{"error":{"code":"content_filter"}}' });
    expect(describeError(e, "Azure OpenAI").message).toBe("Blocked by Azure OpenAI's content filter (400).");
  });

  it("server errors after retries", () => {
    const last = apiError(503, "Service Unavailable");
    const e = new RetryError({ message: "x", reason: "maxRetriesExceeded", errors: [last, last, last] });
    expect(describeError(e, "Amazon Bedrock").message).toBe(
      "Amazon Bedrock failed with a server error (503) after 3 attempts: Service Unavailable",
    );
  });

  it("dropped connections, as OpenAI and Bedrock report them", () => {
    expect(describeError(apiError(200, "Failed to process successful response"), "OpenAI").code).toBe("connection_dropped");
    expect(describeError(new TypeError("terminated"), "Amazon Bedrock")).toEqual({
      code: "connection_dropped",
      message: "The connection to Amazon Bedrock dropped mid-answer.",
    });
  });

  it("network failures", () => {
    expect(describeError(apiError(undefined, "Cannot connect to API: ECONNREFUSED"), "OpenAI").message).toBe(
      "Could not reach OpenAI: Cannot connect to API: ECONNREFUSED",
    );
  });

  it("in-stream errors that arrive as plain objects", () => {
    expect(describeError({ message: "Too many requests, please wait" }, "Amazon Bedrock")).toMatchObject({ code: "rate_limited" });
    expect(describeError({ message: "The model failed", statusCode: 500 }, "OpenAI")).toEqual({
      code: "stream_error",
      statusCode: 500,
      message: "OpenAI reported an error mid-stream: The model failed",
    });
  });
});

describe("metrics", () => {
  it("output tokens per second over the generation phase", () => {
    expect(tokensPerSecond(100, 200, 1200)).toBe(100);
    expect(tokensPerSecond(50, null, 500)).toBe(100);
    expect(tokensPerSecond(null, 100, 200)).toBeNull();
    expect(tokensPerSecond(10, 500, 500)).toBeNull();
  });
  it("formats", () => {
    expect(formatMs(312.4)).toBe("312 ms");
    expect(formatMs(1480)).toBe("1.48 s");
    expect(formatMs(null)).toBe("–");
    expect(formatCost(0.0123)).toBe("$0.0123");
    expect(formatCost(0.0000763)).toBe("$0.000076");
    expect(formatCost(0.0041234)).toBe("$0.0041");
    expect(formatCost(0.0000000005)).toBe("<$0.000001");
    expect(formatCost(null)).toBe("–");
  });
});

describe("createComparisonSchema", () => {
  const ok = { prompt: "hi", models: ["openai:gpt-4o-mini"] };
  const fieldOf = (input: unknown) => {
    const r = createComparisonSchema.safeParse(input);
    return r.success ? "ok" : fromZodError(r.error).field;
  };
  it("accepts a minimal and a full request", () => {
    expect(fieldOf(ok)).toBe("ok");
    expect(
      fieldOf({
        prompt: "x".repeat(100_000),
        system: "s",
        models: ["a:b", { id: "c:d", params: { temperature: 0 } }],
        params: { temperature: 2, topP: 1, maxOutputTokens: 128_000 },
      }),
    ).toBe("ok");
  });
  it.each([
    [{ ...ok, prompt: "" }, "prompt"],
    [{ ...ok, prompt: "\n \t" }, "prompt"],
    [{ ...ok, prompt: "x".repeat(100_001) }, "prompt"],
    [{ ...ok, prompt: 42 }, "prompt"],
    [{ ...ok, models: [] }, "models"],
    [{ ...ok, models: Array(9).fill("a:b") }, "models"],
    [{ ...ok, params: { temperature: -0.01 } }, "params.temperature"],
    [{ ...ok, params: { topP: 1.01 } }, "params.topP"],
    [{ ...ok, params: { maxOutputTokens: 0 } }, "params.maxOutputTokens"],
    [{ ...ok, params: { topK: 1 } }, "params"],
    [{ ...ok, system: "x".repeat(100_001) }, "system"],
  ])("rejects %j at %s", (input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
  it("messages are sentences a person can act on", () => {
    const r = createComparisonSchema.safeParse({ ...ok, prompt: "x".repeat(100_001) });
    expect(r.success ? "" : fromZodError(r.error).message).toBe("The prompt is longer than 100,000 characters.");
  });
});
