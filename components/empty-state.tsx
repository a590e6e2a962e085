import type { LucideIcon } from "lucide-react";

type Props = { icon: LucideIcon; title: string; children?: React.ReactNode };

export function EmptyState({ icon: Icon, title, children }: Props) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-14 text-center">
      <span className="grid size-10 place-items-center rounded-full border bg-muted text-muted-foreground">
        <Icon className="size-5" />
      </span>
      <p className="text-sm font-medium">{title}</p>
      {children && <div className="max-w-sm text-[13px] text-muted-foreground">{children}</div>}
    </div>
  );
}
