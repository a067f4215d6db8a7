import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Juxta", template: "%s · Juxta" },
  description: "Compare LLM answers across OpenAI, Azure OpenAI, Amazon Bedrock and OpenAI-compatible endpoints, side by side.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">{children}</body>
    </html>
  );
}
