import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { Health } from "@/components/data/types";

export function HealthCard({ health, healthError }: { health: Health; healthError: Error | null }) {
  const db = health.database;
  const engine = health.engine;
  const rows: [string, React.ReactNode][] = [
    [
      "Database",
      db.ok ? (
        <Ok key="db">{`ok · ${"latencyMs" in db ? db.latencyMs : "?"} ms`}</Ok>
      ) : (
        <Bad key="db">{"error" in db ? db.error : "down"}</Bad>
      ),
    ],
    [
      "Engine mode",
      <span key="mode" className="font-mono text-xs">
        {engine.mode}
      </span>,
    ],
    [
      "Leader",
      engine.leader ? (
        <Ok key="leader">this process</Ok>
      ) : (
        <span key="leader" className="text-muted-foreground">
          another process
        </span>
      ),
    ],
    [
      "Active runs",
      <span key="active" className="tabular-nums">
        {engine.activeRuns}
      </span>,
    ],
    [
      "Pending runs",
      <span key="pending" className="tabular-nums">
        {"pendingRuns" in engine ? engine.pendingRuns : "—"}
      </span>,
    ],
    [
      "Queue lag",
      <span key="lag" className="tabular-nums">
        {"lagSeconds" in engine ? `${engine.lagSeconds}s` : "—"}
      </span>,
    ],
    ...(engine.mode === "inngest"
      ? [
          [
            "Events to send",
            <span key="outbox" className="tabular-nums">
              {"outbox" in engine
                ? `${engine.outbox.backlog}${engine.outbox.backlog ? ` (oldest ${engine.outbox.oldestSeconds}s)` : ""}`
                : "—"}
            </span>,
          ] satisfies [string, React.ReactNode],
        ]
      : []),
    [
      "Version",
      <span key="version" className="font-mono text-xs">
        {health.version}
      </span>,
    ],
  ];
  return (
    <Card data-testid="health" className="h-fit">
      <CardHeader>
        <CardTitle>System health</CardTitle>
        {health.ok && !healthError ? <Badge tone="green">healthy</Badge> : <Badge tone="red">degraded</Badge>}
      </CardHeader>
      <dl className="divide-y text-[13px]">
        {rows.map(([label, value]) => (
          <div key={label} className="flex items-center justify-between gap-3 px-4 py-2.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="text-right">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const Ok = ({ children }: { children: React.ReactNode }) => <span className="font-medium text-emerald-700">{children}</span>;
const Bad = ({ children }: { children: React.ReactNode }) => <span className="font-medium text-red-600">{children}</span>;
