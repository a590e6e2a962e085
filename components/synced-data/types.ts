import type { Wire } from "@/components/data/types";
import type {
  getAccount,
  instanceCapacity,
  listAccounts,
  listInstanceAccounts,
  listInstanceRuns,
  listInstanceSettings,
  listSessionChanges,
} from "@/lib/synced-data/queries";

export type AccountPage = Wire<Awaited<ReturnType<typeof listAccounts>>>;
export type AccountItem = AccountPage["items"][number];
export type InstanceAccountPage = Wire<Awaited<ReturnType<typeof listInstanceAccounts>>>;
export type AccountDetail = Wire<Awaited<ReturnType<typeof getAccount>>>;
export type Capacity = Wire<Awaited<ReturnType<typeof instanceCapacity>>>;
export type SettingsPage = Wire<Awaited<ReturnType<typeof listInstanceSettings>>>;
export type SettingItem = SettingsPage["items"][number];
export type InstanceRunsPage = Wire<Awaited<ReturnType<typeof listInstanceRuns>>>;
export type InstanceRunItem = InstanceRunsPage["items"][number];
export type ChangesPage = Wire<Awaited<ReturnType<typeof listSessionChanges>>>;
export type ChangeItem = ChangesPage["items"][number];

/** The fleet account list's filters, as in the URL and the API. */
export type AccountFilters = {
  q: string | null;
  instanceId: string | null;
  superuser: boolean | null;
  canLogin: boolean | null;
  createRole: boolean | null;
  createDb: boolean | null;
  replication: boolean | null;
  bypassRls: boolean | null;
  deleted: boolean | null;
  changedSince: string | null;
};
