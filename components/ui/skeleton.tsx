import type { ComponentProps } from "react";
import { cn } from "@/components/cn";

export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("animate-pulse rounded-md bg-zinc-200/70", className)} {...props} />;
}
