import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-start gap-3 px-6 py-20">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        There is no comparison or page at this address. It may have been deleted, or the link is incomplete.
      </p>
      <div className="mt-2 flex gap-2">
        <Link href="/" className={buttonClasses({ variant: "primary" })}>
          New comparison
        </Link>
        <Link href="/history" className={buttonClasses()}>
          History
        </Link>
      </div>
    </main>
  );
}
