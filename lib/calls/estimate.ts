// Token counts when the provider did not report them, and the most a call can use.
//
// Two different questions, two functions:
// - `estimateTokens` answers "about how many tokens is this text?" for an answer the provider never
//   reported usage for (a pane stopped mid-stream, a connection dropped after text arrived). It is
//   the usual rule of thumb of about 4 characters per token (English prose with GPT, Claude and
//   Llama tokenizers lands between 3.5 and 4.5), the same rule the stream progress bar and the
//   evaluation cost estimate use. Such numbers are stored with `usageEstimated = true` and shown
//   as "~120 (estimated)".
// - `maxInputTokens` answers "how many input tokens can this prompt be, at most?" for the spend
//   cap, which must hold whatever the tokenizer. Byte-level BPE tokenizers (GPT, Llama, Claude's)
//   never make a token of less than one UTF-8 byte, so the byte count bounds the text's tokens;
//   each message adds a few tokens of chat template (role markers, separators: 3-7 in the
//   published formats), bounded here by 16 per message plus 16 for the reply's priming.
import type { ModelMessage } from "ai";

/** Characters per token of the estimate. */
export const CHARS_PER_TOKEN = 4;

/** About how many tokens `text` is: characters / 4, rounded up (0 for no text). */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The text parts of a message (images and files are not counted). */
export function messageText(message: ModelMessage): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}

/** About how many input tokens a request is: the system prompt and every message, at least 1. */
export function estimateInputTokens(system: string | null, messages: ModelMessage[]): number {
  const chars = (system ?? "").length + messages.reduce((n, m) => n + messageText(m).length, 0);
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));
}

const TEMPLATE_TOKENS_PER_MESSAGE = 16;

/** An upper bound of a request's input tokens, whatever the tokenizer (see the top of this file). */
export function maxInputTokens(system: string | null, messages: ModelMessage[]): number {
  const texts = [...(system ? [system] : []), ...messages.map(messageText)];
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
  return bytes + TEMPLATE_TOKENS_PER_MESSAGE * (texts.length + 1);
}
