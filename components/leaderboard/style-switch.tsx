"use client";
// The "Style control" switch of the leaderboard filter: a real checkbox (keyboard, focus, form
// semantics; submitted by Apply as style=control) that also applies itself at once, keeping the
// other filters of the current URL.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";

export function StyleSwitch({ checked }: { checked: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex h-9 items-center">
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
        <span className="relative inline-flex">
          <input
            type="checkbox"
            role="switch"
            name="style"
            value="control"
            defaultChecked={checked}
            aria-describedby="lb-style-note"
            onChange={(e) => {
              const params = new URLSearchParams(searchParams.toString());
              if (e.target.checked) params.set("style", "control");
              else params.delete("style");
              const qs = params.toString();
              startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
            }}
            className="peer absolute inset-0 z-10 m-0 cursor-pointer opacity-0"
          />
          <span
            aria-hidden="true"
            className="relative h-4.5 w-8 rounded-full bg-zinc-300 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-500 after:absolute after:top-0.5 after:left-0.5 after:size-3.5 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-3.5 dark:bg-zinc-600 dark:peer-checked:bg-indigo-500"
          />
        </span>
        Style control
      </label>
      <span aria-live="polite" className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">
        {pending ? "Refitting…" : ""}
      </span>
    </div>
  );
}
