// Invitation mail, sent through the SMTP server that next-auth's email sign-in uses
// (EMAIL_SERVER / EMAIL_FROM, lib/env.ts). Without it, nothing is sent and the inviter copies the
// link instead.
import "server-only";
import { createTransport } from "nodemailer";
import type { Env } from "@/lib/env";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS } from "./permissions";
import { log } from "@/lib/observability/log";

/** sent: the SMTP server took it; not_configured: no EMAIL_SERVER; failed: the server refused or was unreachable. */
export type MailStatus = "sent" | "not_configured" | "failed";

export type InviteMail = { to: string; teamName: string; role: TeamRole; url: string; invitedBy: string | null; expiresAt: Date };

export function mailConfigured(env: Env): boolean {
  return Boolean(env.auth.email);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function inviteMailContent(mail: InviteMail): { subject: string; text: string; html: string } {
  const who = mail.invitedBy ? `${mail.invitedBy} invited you` : "You are invited";
  const role = ROLE_LABELS[mail.role].toLowerCase();
  const until = mail.expiresAt.toUTCString();
  const subject = `Join ${mail.teamName} on Juxta`;
  const text = `${who} to join the team "${mail.teamName}" on Juxta as ${role}.\n\nAccept: ${mail.url}\n\nSign in with ${mail.to} to accept. The link works once and expires ${until}.\nIf you did not expect this, ignore this message.\n`;
  const html = `<p>${escapeHtml(who)} to join the team <strong>${escapeHtml(mail.teamName)}</strong> on Juxta as ${escapeHtml(role)}.</p>
<p><a href="${escapeHtml(mail.url)}">Accept the invitation</a></p>
<p>Sign in with ${escapeHtml(mail.to)} to accept. The link works once and expires ${escapeHtml(until)}.<br>If you did not expect this, ignore this message.</p>`;
  return { subject, text, html };
}

export async function sendInviteMail(mail: InviteMail, env: Env): Promise<MailStatus> {
  const smtp = env.auth.email;
  if (!smtp) return "not_configured";
  try {
    // bounded waits: an unreachable server must not hold the inviter's request for minutes
    const transport = createTransport({ url: smtp.server, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    await transport.sendMail({ to: mail.to, from: smtp.from, ...inviteMailContent(mail) });
    return "sent";
  } catch (error) {
    log.error("could not send an invitation mail", { error });
    return "failed";
  }
}
