import type { ComponentProps } from "react";
import { cn } from "@/components/cn";

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("text-[13px] font-medium leading-none select-none", className)} {...props} />;
}
