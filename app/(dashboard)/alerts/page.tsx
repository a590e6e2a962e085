import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { listAlertDeliveries, listAlertRules } from "@/lib/alerts/queries";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listBindings } from "@/lib/bindings/queries";
import { listInstances } from "@/lib/instances/queries";
import { AlertsClient } from "./client";
import type { ScopeChoices } from "./types";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage() {
  const actor = userActor(await requireUser());
  const { db } = appDb();
  const canWrite = can(actor, "alert_rule:write");
  const [rules, deliveries, bindings, instances] = await Promise.all([
    listAlertRules(db),
    listAlertDeliveries(db, { limit: 50 }),
    canWrite ? listBindings(db, { limit: 200 }) : [],
    canWrite ? listInstances(db) : [],
  ]);
  const choices: ScopeChoices = {
    bindings: bindings.map((b) => ({ id: b.id, name: `${b.gameAccount} → ${b.store}`, active: b.status === "active" })),
    instances: instances.map((i) => ({ id: i.id, name: i.name })),
  };
  // JSON round trip: dates become the strings the API returns, so server and client data match.
  return (
    <AlertsClient
      initialRules={JSON.parse(JSON.stringify(rules))}
      initialDeliveries={JSON.parse(JSON.stringify(deliveries.items))}
      canWrite={canWrite}
      choices={choices}
    />
  );
}
