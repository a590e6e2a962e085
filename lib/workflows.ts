import type { AnyWorkflow } from "@/lib/engine/workflow";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import { retentionWorkflow, scheduleTickWorkflow } from "@/lib/sync/maintenance-workflows";

/** Every workflow; both engines are built from this list. */
export const workflows = [batchSyncWorkflow, scheduleTickWorkflow, retentionWorkflow] as unknown as readonly AnyWorkflow[];
