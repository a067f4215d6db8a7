"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ExportLinks } from "./export-links";
import { ShareIcon } from "@/components/ui/icons";
import { RerunButton } from "./rerun-button";
import { ShareDialog } from "./share-dialog";

/** The comparison header's Share, Export and Re-run controls (the comparison's owner sees them). */
export function ComparisonActions({ id, running = false }: { id: string; running?: boolean }) {
  const [sharing, setSharing] = useState(false);
  return (
    <div className="contents">
      <ExportLinks base={`/api/v1/comparisons/${encodeURIComponent(id)}/export`} />
      <RerunButton source={{ comparisonId: id }} />
      <Button onClick={() => setSharing(true)} aria-haspopup="dialog">
        <ShareIcon className="size-4" />
        Share
      </Button>
      <ShareDialog comparisonId={id} open={sharing} onClose={() => setSharing(false)} running={running} />
    </div>
  );
}
