import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listInstances } from "@/lib/instances/queries";
import { InstancesClient } from "./client";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const user = await requireUser();
  const actor = userActor(user);
  const instances = await listInstances(appDb().db);
  return <InstancesClient initialInstances={instances} canWrite={can(actor, "instance:write")} canTest={can(actor, "instance:test")} />;
}
