import { Inngest } from "inngest";

/** Configured by INNGEST_DEV / INNGEST_BASE_URL / INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY. */
export const inngest = new Inngest({ id: "syncdeck" });
