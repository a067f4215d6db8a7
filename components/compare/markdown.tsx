"use client";

import { defaultRehypePlugins, Streamdown, type Components } from "streamdown";

// Model output is untrusted. Streamdown's default pipeline parses raw HTML (rehype-raw) before
// sanitising it; we drop that step and pass `skipHtml`, so any HTML in the text (a <script>, an
// <img onerror>, an <iframe>) is removed instead of parsed, and keep the sanitiser and
// rehype-harden for links. Images are never loaded: a model could be prompted into embedding a
// tracking URL, so an image becomes its alt text and address, as text.
const rehypePlugins = [defaultRehypePlugins.sanitize, defaultRehypePlugins.harden].filter((p) => p !== undefined);

// typed `object`: Streamdown's `Components` wants one component for both its img and its index signature
function ImageAsText(props: object) {
  const alt: unknown = Reflect.get(props, "alt");
  const src: unknown = Reflect.get(props, "src");
  const address = typeof src === "string" ? src : "";
  return (
    <span className="rounded bg-zinc-100 px-1 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
      [image{typeof alt === "string" && alt ? `: ${alt}` : ""}
      {address ? ` (${address})` : ""}]
    </span>
  );
}

const components: Components = { img: ImageAsText };
// module constants: Streamdown is memoised, so stable props skip re-parsing panes that did not change
const controls = {
  code: { copy: true, download: false },
  table: { copy: true, download: false, fullscreen: false },
  mermaid: false,
  image: false,
};

// finished text that ended early: close what was left open, and show a cut-off link as its text
// (while streaming, Streamdown's default keeps a placeholder link until the address arrives)
const remendCut = { linkMode: "text-only" } as const;

/**
 * `cut`: the text stopped short of the model's own end (stopped, failed, filtered, cut at the
 * token limit). It is completed like text still arriving, so a dangling `**`, an unclosed code
 * fence or a half link renders cleanly instead of as stray markup.
 */
export function Markdown({ text, streaming, cut = false }: { text: string; streaming: boolean; cut?: boolean }) {
  return (
    <Streamdown
      className="juxta-markdown text-sm leading-relaxed"
      skipHtml
      rehypePlugins={rehypePlugins}
      components={components}
      isAnimating={streaming}
      // completing unterminated markdown is for text still arriving or cut off; an answer that
      // ended on its own is shown as written
      parseIncompleteMarkdown={streaming || cut}
      remend={cut && !streaming ? remendCut : undefined}
      lineNumbers={false}
      codeBlockMaxHeight={0}
      tableMaxHeight={0}
      controls={controls}
    >
      {text}
    </Streamdown>
  );
}
