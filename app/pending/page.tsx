import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignOutButton } from "@/components/auth/sign-in-buttons";
import { getRequestState } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "Waiting for approval", robots: { index: false } };

// GET /pending: what a signed-in account that may not use Juxta yet sees (JUXTA_SIGNUP=approval),
// or a disabled one; everyone else goes home (or to sign-in)
export default async function PendingPage() {
  await connection();
  const { viewer, blocked } = await getRequestState().catch(() => ({ viewer: null, blocked: null }));
  if (viewer) redirect("/");
  if (!blocked) redirect(`/signin?callbackUrl=${encodeURIComponent("/pending")}`);
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-xl font-semibold tracking-tight">{blocked === "pending" ? "Waiting for approval" : "Account disabled"}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {blocked === "pending"
          ? "Your account was created and is waiting for an instance admin to approve it. Once approved, sign in again or reload this page to start comparing. A team invitation sent to your address also gives access."
          : "An instance admin has disabled this account. Ask them if you think this is a mistake."}
      </p>
      <div className="mt-6">
        <SignOutButton />
      </div>
    </main>
  );
}
