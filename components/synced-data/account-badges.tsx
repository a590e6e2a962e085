import { Badge } from "@/components/ui/badge";
import type { AccountItem } from "./types";

type Attrs = Pick<
  AccountItem,
  "superuser" | "canLogin" | "createRole" | "createDb" | "replication" | "bypassRls" | "locked" | "expired" | "inherit"
>;

/** The attributes an access review looks at first, each as a badge; privileged ones stand out. */
export function AccountBadges({ account }: { account: Attrs }) {
  const badges: [boolean, string, "red" | "amber" | "blue" | "neutral"][] = [
    [account.superuser, "superuser", "red"],
    [account.canLogin, "can login", "blue"],
    [account.createRole, "create role", "amber"],
    [account.createDb, "create db", "amber"],
    [account.replication, "replication", "amber"],
    [account.bypassRls, "bypass RLS", "amber"],
    [account.locked, "locked", "neutral"],
    [account.expired, "expired", "neutral"],
  ];
  const shown = badges.filter(([on]) => on);
  if (shown.length === 0) return <span className="text-xs text-muted-foreground">no attributes</span>;
  return (
    <span className="flex flex-wrap gap-1" data-testid="account-badges">
      {shown.map(([, label, tone]) => (
        <Badge key={label} tone={tone}>
          {label}
        </Badge>
      ))}
    </span>
  );
}

/** Memberships, with the ones held WITH ADMIN OPTION marked. */
export function Memberships({ memberOf, adminOf }: { memberOf: string[]; adminOf: string[] }) {
  if (memberOf.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {memberOf.map((m) => (
        <code key={m} className="rounded bg-muted px-1 font-mono text-xs" title={adminOf.includes(m) ? "with admin option" : undefined}>
          {m}
          {adminOf.includes(m) && " (admin)"}
        </code>
      ))}
    </span>
  );
}
