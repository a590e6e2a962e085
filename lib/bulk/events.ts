/** Sent when a bulk operation is created; its workflow applies the action in chunks. */
export const BULK_OPERATION_REQUESTED = "bulk/operation.requested";
