import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

// One page for every unusable invitation: used, revoked, expired and unknown look alike.
export default function InvalidInvite() {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-start gap-3 px-6 py-20">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">Team invitation</p>
      <h1 className="text-2xl font-semibold tracking-tight">This invitation is not valid</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        It was already used, revoked or has expired, or the link is incomplete. Ask the person who invited you for a new one.
      </p>
      <Link href="/teams" className={buttonClasses()}>
        Your teams
      </Link>
    </main>
  );
}
