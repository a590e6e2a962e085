import { Inngest } from "inngest";

/**
 * Configured by INNGEST_DEV / INNGEST_BASE_URL / INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY.
 * Checkpointing is off: every step is its own request, memoized by the server before the next one,
 * which is the contract the workflows are written for (and the one both server topologies keep).
 */
export const inngest = new Inngest({ id: "syncdeck", checkpointing: false });
