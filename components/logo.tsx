import { cn } from "@/components/cn";

export function Logo({ className }: { className?: string }) {
  return (
    <span
      className={cn("grid size-7 place-items-center rounded-lg bg-zinc-900 text-white dark:text-zinc-950 shadow-sm", className)}
      aria-hidden
    >
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="size-[60%]"
      >
        <path d="M4 12a8 8 0 0 1 13.7-5.6L20 8.7" />
        <path d="M20 4v4.7h-4.7" />
        <path d="M20 12a8 8 0 0 1-13.7 5.6L4 15.3" />
        <path d="M4 20v-4.7h4.7" />
      </svg>
    </span>
  );
}
