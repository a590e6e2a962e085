import { Badge } from "@/components/ui/badge";

const ROLE_LABEL: Record<string, string> = { super_admin: "Super admin", ops: "Ops", viewer: "Viewer" };
const ROLE_TONE = { super_admin: "violet", ops: "blue", viewer: "neutral" } as const;

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge tone={ROLE_TONE[role as keyof typeof ROLE_TONE] ?? "neutral"} data-testid="user-role" data-role={role}>
      {ROLE_LABEL[role] ?? role}
    </Badge>
  );
}
