// The invitation mail's words: the team name is escaped in HTML, the link and expiry are there.
import { describe, expect, it } from "vitest";
import { inviteMailContent } from "@/lib/teams/mail";

describe("invitation mail", () => {
  it("names the team, role, link and expiry, and escapes the team name in HTML", () => {
    const mail = inviteMailContent({
      to: "ana@example.com",
      teamName: `<img src=x onerror="alert(1)">`,
      role: "viewer",
      url: "https://juxta.example.com/invite/abc",
      invitedBy: "Bo",
      expiresAt: new Date("2026-05-01T10:00:00Z"),
    });
    expect(mail.subject).toBe(`Join <img src=x onerror="alert(1)"> on Juxta`);
    expect(mail.text).toContain("Bo invited you");
    expect(mail.text).toContain("as viewer");
    expect(mail.text).toContain("https://juxta.example.com/invite/abc");
    expect(mail.text).toContain("Fri, 01 May 2026 10:00:00 GMT");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain('href="https://juxta.example.com/invite/abc"');
  });
});
