"use client";

import { LoaderCircleIcon, RefreshCwIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { InstanceRecordItem } from "@/components/data/types";
import { resyncInstanceAction } from "../actions";

/** Syncs one instance again as a new one-instance session, and opens it. */
export function ResyncButton({ record }: { record: InstanceRecordItem }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="xs"
      disabled={pending}
      aria-label={`Re-sync ${record.instanceName}`}
      title={`Sync ${record.instanceName} again in a new session`}
      onClick={() =>
        startTransition(async () => {
          const result = await resyncInstanceAction({ recordId: record.id });
          if (!result.ok) {
            toast.error(`Could not re-sync ${record.instanceName}`, { description: result.error.message });
            return;
          }
          toast.success(`Re-syncing ${record.instanceName}`);
          router.push(`/sessions/${result.data.id}`);
        })
      }
    >
      {pending ? <LoaderCircleIcon className="animate-spin" /> : <RefreshCwIcon />}
      Re-sync
    </Button>
  );
}
