import { alertDeliveryWorkflow, alertSweepWorkflow } from "@/lib/alerts/workflows";
import { bulkOperationWorkflow } from "@/lib/bulk/workflow";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { liveWatchdogWorkflow, streamTickWorkflow } from "@/lib/live-sessions/workflows";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import { retentionWorkflow, scheduleTickWorkflow } from "@/lib/sync/maintenance-workflows";

/** Every workflow; both engines are built from this list. */
export const workflows = [
  batchSyncWorkflow,
  scheduleTickWorkflow,
  retentionWorkflow,
  streamTickWorkflow,
  liveWatchdogWorkflow,
  bulkOperationWorkflow,
  alertDeliveryWorkflow,
  alertSweepWorkflow,
] as unknown as readonly AnyWorkflow[];
