"use client";

import { ChevronLeftIcon } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { InstanceItem } from "@/components/data/types";
import { Tabs } from "@/components/live-sync/tabs";
import { AccountsTab } from "./accounts-tab";
import { DeleteInstanceDialog, EditInstanceDialog, GameDirectoryCard, type GameDirectory } from "./instance-admin";
import { CapacityTab } from "./capacity-tab";
import { RunsTab } from "./runs-tab";
import { instanceSearchParams, type InstanceTab } from "./search-params";
import { SettingsTab } from "./settings-tab";

const KIND: Record<string, string> = { postgres: "PostgreSQL", mysql: "MySQL", game_server: "Game server" };
const TABS: { value: InstanceTab; label: string }[] = [
  { value: "accounts", label: "Accounts" },
  { value: "capacity", label: "Capacity" },
  { value: "settings", label: "Settings" },
  { value: "runs", label: "Runs" },
];

export function InstanceClient({
  instance,
  directory,
  canWrite,
}: {
  instance: InstanceItem;
  directory: GameDirectory | null;
  canWrite: boolean;
}) {
  const [{ tab, q, deleted }, setParams] = useQueryStates(instanceSearchParams);
  return (
    <>
      <Link href="/instances" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Instances
      </Link>
      <PageHeader
        title={instance.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge>{KIND[instance.kind] ?? instance.kind}</Badge>
            <span className="font-mono text-xs break-all">{instance.endpoint}</span>
            {!instance.enabled && <span>· disabled</span>}
          </span>
        }
        actions={
          canWrite && (
            <>
              <EditInstanceDialog instance={instance} />
              <DeleteInstanceDialog instance={instance} />
            </>
          )
        }
      />
      {directory && <GameDirectoryCard instance={instance} directory={directory} canWrite={canWrite} />}
      <Card className="overflow-hidden">
        {/* Each tab has its own search: switching starts from an empty one. */}
        <Tabs label="Synced data" tabs={TABS} value={tab} onChange={(t) => void setParams({ tab: t, q: null, deleted: null })}>
          {tab === "accounts" && (
            <AccountsTab instanceId={instance.id} q={q} deleted={deleted ?? false} onChange={(patch) => void setParams(patch)} />
          )}
          {tab === "capacity" && <CapacityTab instanceId={instance.id} />}
          {tab === "settings" && <SettingsTab instanceId={instance.id} q={q} onSearch={(v) => void setParams({ q: v })} />}
          {tab === "runs" && <RunsTab instanceId={instance.id} />}
        </Tabs>
      </Card>
    </>
  );
}
