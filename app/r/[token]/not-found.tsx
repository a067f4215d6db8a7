import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

// One page for every results link that does not work (never existed, revoked, expired, mistyped).
export default function SharedResultsNotFound() {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-start gap-3 px-6 py-20">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        There are no shared results at this address. The link may be incomplete, or it is no longer shared.
      </p>
      <div className="mt-2 flex gap-2">
        <Link href="/" className={buttonClasses({ variant: "primary" })}>
          Open Juxta
        </Link>
      </div>
    </main>
  );
}
