import type { Metadata } from "next";
import { headers } from "next/headers";
import { SiteHeader } from "@/components/site-header";
import { ConfirmProvider } from "@/components/ui/confirm-dialog";
import { themeScript } from "@/components/ui/theme";
import { ToastProvider } from "@/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Juxta", template: "%s · Juxta" },
  description: "Compare LLM answers across OpenAI, Azure OpenAI, Amazon Bedrock and OpenAI-compatible endpoints, side by side.",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // the request's CSP nonce (proxy.ts): the one inline script runs with it; reading it makes every page dynamic
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // the theme script sets <html>'s class before React hydrates: that difference is expected
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* before the first paint: the stored theme (or the OS's) as a class, so dark never flashes white */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-900"
        >
          Skip to content
        </a>
        <ToastProvider>
          <ConfirmProvider>
            <SiteHeader />
            {children}
          </ConfirmProvider>
        </ToastProvider>
      </body>
    </html>
  );
}
