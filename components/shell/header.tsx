import { LiveIndicator } from "@/components/live/live-indicator";
import { RoleBadge } from "@/components/role-badge";
import { GlobalSearch } from "@/components/search/global-search";
import { ShortcutsHelp } from "./shortcuts-help";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

type Props = { user: { name: string; email: string; role: string } };

export function Header({ user }: Props) {
  return (
    <header className="z-20 flex min-h-14 flex-wrap items-center justify-end gap-x-3 gap-y-2 border-b bg-background/85 px-4 py-2 backdrop-blur sm:flex-nowrap sm:py-0 md:sticky md:top-0 md:h-14 md:px-8">
      <GlobalSearch />
      <LiveIndicator />
      <ThemeToggle />
      <ShortcutsHelp />
      <div className="mx-1 hidden h-5 w-px bg-border sm:block" />
      <div className="flex min-w-0 items-center gap-2.5">
        <span className="grid size-7 shrink-0 place-items-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700" aria-hidden>
          {initials(user.name || user.email)}
        </span>
        <div className="hidden min-w-0 leading-tight sm:block">
          <p className="truncate text-[13px] font-medium" data-testid="user-name">
            {user.name}
          </p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
        </div>
        <RoleBadge role={user.role} />
      </div>
      <SignOutButton />
    </header>
  );
}

function initials(name: string) {
  return name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join("");
}
