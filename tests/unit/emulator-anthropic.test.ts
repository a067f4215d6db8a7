// The Anthropic Messages module of the emulator: what it checks and answers, apart from the wire
// (the wire is tested with the real package in tests/integration/emulator-anthropic.test.ts).
import { describe, expect, it } from "vitest";
import { anthropicHttpError, anthropicPrompt, anthropicStatusOf, checkAnthropicAuth, validateMessagesBody } from "../emulator/anthropic";

const messages = [{ role: "user", content: "Hi" }];

describe("validateMessagesBody", () => {
  it("accepts what the SDK sends, and Vertex's body (anthropic_version, no model)", () => {
    expect(validateMessagesBody({ model: "claude-sonnet-4-5", max_tokens: 64000, messages, stream: true })).toBeNull();
    expect(validateMessagesBody({ anthropic_version: "vertex-2023-10-16", max_tokens: 100, messages }, { vertex: true })).toBeNull();
  });

  it.each([
    [{ max_tokens: 10, messages }, {}, "model: Field required"],
    [{ model: "m", messages }, {}, "max_tokens: Field required"],
    [{ model: "m", max_tokens: 0, messages }, {}, "max_tokens: Input should be greater than or equal to 1"],
    [{ model: "m", max_tokens: 10 }, {}, "messages: Field required"],
    [{ model: "m", max_tokens: 10, messages: [] }, {}, "messages: at least one message is required"],
    [{ model: "m", max_tokens: 10, messages, temperature: 1.5 }, {}, "temperature: Input should be less than or equal to 1"],
    [{ max_tokens: 10, messages }, { vertex: true }, "anthropic_version: Field required"],
    [
      { anthropic_version: "2023-06-01", max_tokens: 10, messages },
      { vertex: true },
      "anthropic_version: Input should be 'vertex-2023-10-16'",
    ],
    [
      { anthropic_version: "vertex-2023-10-16", model: "m", max_tokens: 10, messages },
      { vertex: true },
      "model: Extra inputs are not permitted",
    ],
    [
      { model: "m", max_tokens: 10, messages, thinking: { type: "enabled", budget_tokens: 512 } },
      {},
      "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
    ],
  ])("%j -> %s", (body, options, message) => {
    expect(validateMessagesBody(body, options)).toEqual({ status: 400, type: "invalid_request_error", message });
  });

  it("checks base64 images as the API does: PNG, JPEG, GIF or WebP, at most 5 MB", () => {
    const image = (media_type: string, bytes: number) => ({
      model: "m",
      max_tokens: 10,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", source: { type: "base64", media_type, data: Buffer.alloc(bytes).toString("base64") } },
          ],
        },
      ],
    });
    expect(validateMessagesBody(image("image/png", 1000))).toBeNull();
    expect(validateMessagesBody(image("image/webp", 5 * 1024 * 1024))).toBeNull();
    expect(validateMessagesBody(image("image/bmp", 10))?.message).toBe(
      "messages.0.content.1.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
    );
    expect(validateMessagesBody(image("image/jpeg", 5 * 1024 * 1024 + 1))?.message).toBe(
      "messages.0.content.1.image.source.base64: image exceeds 5 MB maximum: 5242881 bytes > 5242880 bytes",
    );
  });

  it("refuses a thinking budget not below max_tokens, and temperature with thinking", () => {
    const thinking = { type: "enabled", budget_tokens: 2048 };
    expect(validateMessagesBody({ model: "m", max_tokens: 2048, messages, thinking })?.message).toMatch(
      /^`max_tokens` must be greater than `thinking.budget_tokens`/,
    );
    expect(validateMessagesBody({ model: "m", max_tokens: 4096, messages, thinking, temperature: 0.5 })?.message).toMatch(
      /^`temperature` may only be set to 1 when thinking is enabled/,
    );
    expect(validateMessagesBody({ model: "m", max_tokens: 4096, messages, thinking, temperature: 1 })).toBeNull();
  });
});

describe("checkAnthropicAuth", () => {
  const key = "k";
  it("x-api-key or Bearer, then anthropic-version", () => {
    expect(checkAnthropicAuth({ "x-api-key": key, "anthropic-version": "2023-06-01" }, key)).toBeNull();
    expect(checkAnthropicAuth({ authorization: `Bearer ${key}`, "anthropic-version": "2023-06-01" }, key)).toBeNull();
    expect(checkAnthropicAuth({}, key)).toMatchObject({ status: 401, message: "x-api-key header is required" });
    expect(checkAnthropicAuth({ "x-api-key": "nope" }, key)).toMatchObject({
      status: 401,
      type: "authentication_error",
      message: "invalid x-api-key",
    });
    expect(checkAnthropicAuth({ "x-api-key": key }, key)).toMatchObject({ status: 400, message: "anthropic-version: header is required" });
  });
});

describe("anthropicHttpError", () => {
  it("maps the shared fault statuses to Anthropic's error types (503 is its 529 overloaded_error)", () => {
    expect(
      [400, 401, 403, 429, 500, 503].map((status) => {
        const e = anthropicHttpError({ kind: "http", status: status as 400 });
        return [e.status, e.type];
      }),
    ).toEqual([
      [400, "invalid_request_error"],
      [401, "authentication_error"],
      [403, "permission_error"],
      [429, "rate_limit_error"],
      [500, "api_error"],
      [529, "overloaded_error"],
    ]);
  });

  it("a scripted code picks the type and its status; retry-after only when scripted", () => {
    expect(anthropicHttpError({ kind: "http", status: 500, code: "overloaded_error", message: "busy" })).toMatchObject({
      status: 529,
      type: "overloaded_error",
      message: "busy",
    });
    expect(anthropicHttpError({ kind: "http", status: 429 }).headers).not.toHaveProperty("retry-after");
    expect(anthropicHttpError({ kind: "http", status: 429, retryAfterSeconds: 3 }).headers).toMatchObject({
      "retry-after": "3",
      "anthropic-ratelimit-requests-remaining": "0",
    });
    expect(anthropicStatusOf("request_too_large")).toBe(413);
  });
});

describe("anthropicPrompt", () => {
  it("reads system blocks and text parts; the marker's message is the last user message with text (tool results skipped)", () => {
    const body = {
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        { role: "user", content: [{ type: "text", text: 'Weather? [[emulate:{"ttftMs":0}]]' }] },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "sunny" }] },
      ],
    };
    const { texts, lastUser } = anthropicPrompt(body);
    expect(lastUser).toBe('Weather? [[emulate:{"ttftMs":0}]]');
    expect(texts).toEqual(["Be brief.", 'Weather? [[emulate:{"ttftMs":0}]]', '{"city":"Paris"}', "sunny"]);
    expect(anthropicPrompt({ messages: [{ role: "user", content: "plain" }] }).lastUser).toBe("plain");
  });
});
