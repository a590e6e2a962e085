import { SwordsIcon, TrophyIcon, UsersIcon, WalletIcon, type LucideIcon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCents, formatInteger, formatPercent } from "@/components/live-sync/format";
import type { BattleItem, MemberItem, StatItem, StoreData, WalletItem } from "@/components/live-sync/types";

const EMPTY: Record<StoreData["kind"], { icon: LucideIcon; title: string }> = {
  battles: { icon: SwordsIcon, title: "No battles synced yet" },
  wallet: { icon: WalletIcon, title: "No wallet transactions synced yet" },
  members: { icon: UsersIcon, title: "No members synced yet" },
  stats: { icon: TrophyIcon, title: "No player statistics yet" },
};

export function StoreDataTable({ data }: { data: StoreData }) {
  if (data.items.length === 0) {
    const { icon, title } = EMPTY[data.kind];
    return (
      <EmptyState icon={icon} title={title}>
        Bind a game account to this store: its live session fills this in as the game server reports it.
      </EmptyState>
    );
  }
  switch (data.kind) {
    case "battles":
      return <BattlesTable items={data.items} />;
    case "wallet":
      return <WalletTable items={data.items} />;
    case "members":
      return <MembersTable items={data.items} />;
    case "stats":
      return <StatsTable items={data.items} />;
  }
}

function Player({ id }: { id: string }) {
  return <span className="font-mono text-xs">{id}</span>;
}

function BattlesTable({ items }: { items: BattleItem[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Played</TableHead>
          <TableHead>Battle</TableHead>
          <TableHead className="w-2/3">Players</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((b) => (
          <TableRow key={b.externalId} data-testid="battle-row">
            <TableCell className="whitespace-nowrap">
              <RelativeTime date={b.playedAt} />
            </TableCell>
            <TableCell className="font-mono text-xs text-muted-foreground">{b.externalId}</TableCell>
            <TableCell>
              <ul className="flex flex-wrap gap-1.5">
                {[...b.players]
                  .sort((x, y) => Number(y.won) - Number(x.won) || y.score - x.score)
                  .map((p) => (
                    <li
                      key={p.playerId}
                      className={`inline-flex items-center gap-1.5 rounded-md border px-1.5 py-0.5 text-xs ${p.won ? "border-amber-200 bg-amber-50 text-amber-900" : "bg-background"}`}
                    >
                      {p.won && <TrophyIcon className="size-3 text-amber-600" aria-label="winner" />}
                      <Player id={p.playerId} />
                      <span className={`tabular-nums ${p.won ? "font-semibold" : "text-muted-foreground"}`}>{formatInteger(p.score)}</span>
                    </li>
                  ))}
              </ul>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const WALLET_TONE = { recharge: "green", withdrawal: "amber", adjustment: "blue" } as const;

function WalletTable({ items }: { items: WalletItem[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Time</TableHead>
          <TableHead>Player</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead className="w-1/3">Transaction</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((t) => (
          <TableRow key={t.externalId} data-testid="wallet-row" data-kind={t.kind}>
            <TableCell className="whitespace-nowrap">
              <RelativeTime date={t.occurredAt} />
            </TableCell>
            <TableCell>
              <Player id={t.playerId} />
            </TableCell>
            <TableCell>
              <Badge tone={WALLET_TONE[t.kind] ?? "neutral"}>{t.kind}</Badge>
            </TableCell>
            <TableCell
              className={`text-right font-medium whitespace-nowrap tabular-nums ${t.amountCents < 0 ? "text-red-600" : "text-emerald-700"}`}
            >
              {formatCents(t.amountCents)}
            </TableCell>
            <TableCell className="font-mono text-xs text-muted-foreground">{t.externalId}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const ROLE_TONE: Record<string, "violet" | "blue" | "neutral"> = { owner: "violet", manager: "blue" };

function MembersTable({ items }: { items: MemberItem[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Nickname</TableHead>
          <TableHead>Player</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Joined</TableHead>
          <TableHead>Left</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((m) => (
          <TableRow
            key={m.playerId}
            data-testid="member-row"
            data-left={m.leftAt !== null}
            className={m.leftAt ? "text-muted-foreground" : undefined}
          >
            <TableCell className={m.leftAt ? undefined : "font-medium"}>{m.nickname}</TableCell>
            <TableCell>
              <Player id={m.playerId} />
            </TableCell>
            <TableCell>
              <Badge tone={ROLE_TONE[m.role] ?? "neutral"}>{m.role}</Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime date={m.joinedAt} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {m.leftAt ? <RelativeTime date={m.leftAt} /> : <Badge tone="green">member</Badge>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function StatsTable({ items }: { items: StatItem[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Player</TableHead>
          <TableHead className="text-right">Games</TableHead>
          <TableHead className="text-right">Wins</TableHead>
          <TableHead className="w-48">Win rate</TableHead>
          <TableHead className="text-right">Score total</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((s) => {
          const rate = s.games > 0 ? s.wins / s.games : 0;
          return (
            <TableRow key={s.playerId} data-testid="stat-row">
              <TableCell>
                <Player id={s.playerId} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatInteger(s.games)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatInteger(s.wins)}</TableCell>
              <TableCell>
                <div className="flex items-center gap-2">
                  <div className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200/80" aria-hidden>
                    <div className="h-full rounded-full bg-emerald-500" style={{ width: `${Math.round(rate * 100)}%` }} />
                  </div>
                  <span className="text-xs tabular-nums">{formatPercent(rate)}</span>
                </div>
              </TableCell>
              <TableCell className="text-right font-medium tabular-nums">{formatInteger(s.scoreTotal)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
