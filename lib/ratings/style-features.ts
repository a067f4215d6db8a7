// Style features of one answer, as Chatbot Arena counts them for style control ("Does style
// matter?", LMSYS 2024): its length in tokens and its markdown headers, list items and bold spans.
// Markdown is parsed (mdast-util-from-markdown with GFM, the parser streamdown renders with), so
// "#", "-" or "**" inside code blocks, inline code or plain prose that is not markdown never count.
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Nodes } from "mdast";
import { estimateTokens } from "@/lib/calls/estimate";

/** The style covariates, in the order the fit uses them (the `style` keys of the leaderboard). */
export const STYLE_COVARIATES = ["length", "headers", "lists", "bold"] as const;
export type StyleCovariate = (typeof STYLE_COVARIATES)[number];

/**
 * - length: tokens, estimated at 4 characters per token (lib/calls/estimate.ts): the answers of one
 *   comparison come from different tokenizers, so one rule for all is fairer than each provider's count;
 * - headers: ATX and setext headings of any level;
 * - lists: list items, ordered or not, at any depth (task items included);
 * - bold: strong emphasis spans (`**x**` or `__x__`).
 */
export type StyleFeatures = Record<StyleCovariate, number>;

export function styleFeatures(text: string): StyleFeatures {
  const out: StyleFeatures = { length: estimateTokens(text), headers: 0, lists: 0, bold: 0 };
  if (!text) return out;
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "heading") out.headers++;
    else if (node.type === "listItem") out.lists++;
    else if (node.type === "strong") out.bold++;
    if ("children" in node) for (const child of node.children) stack.push(child as Nodes);
  }
  return out;
}
