"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";

export type SignInProvider = { id: string; name: string };

/** One button per OAuth/OIDC provider, and the email-link form when email sign-in is on. */
export function SignInButtons({ providers, email, callbackUrl }: { providers: SignInProvider[]; email: boolean; callbackUrl: string }) {
  const [address, setAddress] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function sendLink(event: FormEvent) {
    event.preventDefault();
    const value = address.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      setError("Enter an email address like name@example.com.");
      return;
    }
    setError(null);
    setBusy("email");
    await signIn("email", { email: value, callbackUrl });
    setBusy(null);
  }

  return (
    <div className="grid gap-4">
      {providers.map((p) => (
        <Button
          key={p.id}
          variant="secondary"
          className="w-full justify-center"
          disabled={busy !== null}
          onClick={() => {
            setBusy(p.id);
            void signIn(p.id, { callbackUrl });
          }}
        >
          Sign in with {p.name}
        </Button>
      ))}
      {email ? (
        <form onSubmit={sendLink} noValidate className="grid gap-2">
          {providers.length > 0 ? (
            <p className="my-1 text-center text-xs text-zinc-500 dark:text-zinc-400" aria-hidden="true">
              or
            </p>
          ) : null}
          <label htmlFor="email" className="text-sm font-medium">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "email-error" : undefined}
            className={`${inputClasses(Boolean(error))} block h-9 w-full px-3 text-sm`}
            placeholder="you@company.com"
          />
          {error ? <FieldError id="email-error">{error}</FieldError> : null}
          <Button type="submit" variant="primary" className="w-full justify-center" disabled={busy !== null}>
            Send sign-in link
          </Button>
        </form>
      ) : null}
    </div>
  );
}

export function SignOutButton() {
  return (
    <Button variant="ghost" size="sm" onClick={() => void signOut()}>
      Sign out
    </Button>
  );
}

async function signOut() {
  const { signOut: nextAuthSignOut } = await import("next-auth/react");
  await nextAuthSignOut({ callbackUrl: "/signin" });
}
