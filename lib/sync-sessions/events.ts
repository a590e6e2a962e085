/** Event names shared by the verbs that emit them and the workflows that react. */
export const BATCH_REQUESTED = "sync/batch.requested";
export const BATCH_CANCELLED = "sync/batch.cancelled";
