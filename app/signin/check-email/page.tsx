import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Check your email", robots: { index: false } };

// GET /signin/check-email: shown after a sign-in link was sent
export default function CheckEmailPage() {
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-xl font-semibold tracking-tight">Check your email</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        A sign-in link is on its way. It works once and expires in 15 minutes.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/signin" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          Back to sign-in
        </Link>
      </p>
    </main>
  );
}
