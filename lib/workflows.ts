import type { AnyWorkflow } from "@/lib/engine/workflow";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";

/** Every workflow; both engines are built from this list. */
export const workflows = [batchSyncWorkflow] as unknown as readonly AnyWorkflow[];
