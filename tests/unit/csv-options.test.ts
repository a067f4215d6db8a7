import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvOptions } from "@/lib/csv/options";

describe("CSV options of the exports", () => {
  it("defuses formulas in text cells but keeps ids exact (base64url ids may start with '-')", () => {
    const out = stringify([{ vote_id: "-Ab_c", prompt: "=1+1", comment: "-5 points", other: "@x", fine: "ok", n: -3, b: true }], {
      ...csvOptions(["vote_id", "prompt", "comment", "other", "fine", "n", "b"]),
      header: true,
    });
    expect(out).toBe("vote_id,prompt,comment,other,fine,n,b\n-Ab_c,'=1+1,'-5 points,'@x,ok,-3,true\n");
  });
});
