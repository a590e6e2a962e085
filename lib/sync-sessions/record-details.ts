import { sql } from "drizzle-orm";
import { instanceRecords, type InstanceRecordDetails } from "@/db/schema";

/** How long an instance record took, start to end, in whole milliseconds (null while it has not ended). */
export const recordDurationMs = sql<
  number | null
>`(extract(epoch from (${instanceRecords.completedAt} - ${instanceRecords.startedAt})) * 1000)::int`;

/**
 * An instance record's details as the API and the pages show them: the stored jsonb (invalid items,
 * error code) with `timings` made from the fetch_ms column and the record's duration. Records
 * written before the column keep their timings inside details and come back unchanged.
 */
export const recordDetails = sql<InstanceRecordDetails | null>`case when ${instanceRecords.fetchMs} is null then ${instanceRecords.details}
  else coalesce(${instanceRecords.details}, '{}'::jsonb) || jsonb_build_object('timings', jsonb_build_object('fetchMs', ${instanceRecords.fetchMs}, 'totalMs', ${recordDurationMs})) end`.mapWith(
  instanceRecords.details,
);
