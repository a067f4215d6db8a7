import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { AcceptInvite } from "@/components/teams/accept-invite";
import { ROLE_HELP } from "@/components/teams/roles";
import { buttonClasses } from "@/components/ui/button";
import { requirePageViewer } from "@/lib/auth/viewer";
import { ROLE_LABELS } from "@/lib/teams/permissions";
import { previewInvite } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

// GET /invite/<token>: the team and role an invitation offers, with Accept. An anonymous visitor
// signs in first and comes back; used, revoked, expired and unknown links all show not-found.tsx.
export default async function InvitePage({ params }: PageProps<"/invite/[token]">) {
  await connection();
  const { token } = await params;
  const viewer = await requirePageViewer(`/invite/${encodeURIComponent(token)}`);
  const preview = await previewInvite(token, viewer);
  if (preview.state === "invalid") notFound();
  const role = ROLE_LABELS[preview.role].toLowerCase();
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-start gap-3 px-6 py-16">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">Team invitation</p>
      <h1 className="text-2xl font-semibold tracking-tight">Join {preview.team.name}</h1>
      {preview.state === "member" ? (
        <>
          <p className="text-zinc-600 dark:text-zinc-400">
            You are a member of {preview.team.name} ({ROLE_LABELS[preview.memberRole ?? preview.role].toLowerCase()}).
          </p>
          <Link href={`/teams/${preview.team.id}`} className={buttonClasses({ variant: "primary" })}>
            Open the team
          </Link>
        </>
      ) : preview.state === "wrong_email" ? (
        <p role="alert" className="text-zinc-600 dark:text-zinc-400">
          This invitation was sent to another email address. Sign out, then sign in with the address it was sent to, to accept it.
        </p>
      ) : (
        <>
          <p className="text-zinc-600 dark:text-zinc-400">
            You are invited as <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{role}</strong>: {ROLE_HELP[preview.role]}
            .
          </p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            The link works once and expires{" "}
            {new Date(preview.expiresAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}.
          </p>
          <AcceptInvite token={token} teamName={preview.team.name} />
        </>
      )}
    </main>
  );
}
