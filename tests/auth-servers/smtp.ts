// An SMTP server on 127.0.0.1 that accepts every message (no TLS, no auth) and keeps it, parsed,
// so sign-in tests can read the link the app mailed.
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CapturedMail = ParsedMail & { envelopeTo: string[]; receivedAt: number };

export type SmtpCapture = {
  port: number;
  /** smtp://127.0.0.1:PORT */
  url: string;
  messages: CapturedMail[];
  /** the newest message to `to` (compared case-insensitively), or waits for one */
  waitForMessage(to: string, timeoutMs?: number): Promise<CapturedMail>;
  /** messages to `to`, oldest first */
  messagesTo(to: string): CapturedMail[];
  clear(): void;
  close(): Promise<void>;
};

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}

export async function startSmtpCapture(options: { port?: number; log?: boolean } = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    banner: "juxta test capture",
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          messages.push(Object.assign(mail, { envelopeTo, receivedAt: Date.now() }));
          if (options.log) process.stdout.write(`[smtp] message to ${envelopeTo.join(", ")}: ${mail.subject ?? ""}\n`);
          for (const w of waiters) w();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const messagesTo = (to: string) => {
    const want = to.toLowerCase();
    return messages.filter((m) => m.envelopeTo.includes(want) || addresses(m.to).includes(want));
  };

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    messagesTo,
    waitForMessage(to, timeoutMs = 10_000) {
      const found = () => messagesTo(to).at(-1);
      const now = found();
      if (now) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = found();
          if (!m) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
