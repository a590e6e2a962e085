"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { Switch } from "@/components/ui/switch";
import type { InstanceItem } from "@/components/data/types";
import { setInstanceEnabledAction } from "./actions";

export function EnabledSwitch({ instance }: { instance: InstanceItem }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [enabled, setOptimistic] = useOptimistic(instance.enabled);

  return (
    <Switch
      checked={enabled}
      disabled={pending}
      aria-label={`Enable ${instance.name}`}
      onCheckedChange={(next) =>
        startTransition(async () => {
          setOptimistic(next);
          const result = await setInstanceEnabledAction({ instanceId: instance.id, enabled: next });
          if (!result.ok) toast.error(`Could not ${next ? "enable" : "disable"} ${instance.name}`, { description: result.error.message });
          else toast.success(`${instance.name} ${next ? "enabled" : "disabled"}`);
          await queryClient.invalidateQueries({ queryKey: ["instances"] });
        })
      }
    />
  );
}
