"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, PlugZapIcon } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { InstanceItem } from "@/components/data/types";
import { testInstanceConnectionAction } from "./actions";

export function TestConnectionButton({ instance }: { instance: InstanceItem }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();

  return (
    <Button
      variant="outline"
      size="xs"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await testInstanceConnectionAction({ instanceId: instance.id });
          if (!result.ok) toast.error(`Could not test ${instance.name}`, { description: result.error.message });
          else if (result.data.ok) toast.success(`${instance.name}: connection ok`, { description: result.data.message });
          else toast.error(`${instance.name}: connection failed`, { description: result.data.message });
          await queryClient.invalidateQueries({ queryKey: ["instances"] });
        })
      }
    >
      {pending ? <LoaderCircleIcon className="animate-spin" /> : <PlugZapIcon />}
      Test connection
    </Button>
  );
}
