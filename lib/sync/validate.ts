import { z } from "zod";

/** An upstream item that was skipped, for the instance record's details. */
export type InvalidItem = { item: string; error: string };

// Names are identities: checked, never trimmed or otherwise rewritten.
const name = z
  .string()
  .refine((s) => s.trim().length > 0, "must not be empty")
  .refine((s) => s.length <= 1024, "is longer than 1024 characters");

/** One account/role as a connector returns it (UpstreamAccountSnapshot). */
export const accountSnapshotSchema = z.object({
  name,
  canLogin: z.boolean(),
  superuser: z.boolean(),
  createDb: z.boolean(),
  createRole: z.boolean(),
  replication: z.boolean(),
  // -1 = unlimited; stored in an int4 column.
  connectionLimit: z.number().int().min(-1).max(2_147_483_647),
  validUntil: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), "is not a date")
    .nullable(),
  memberOf: z.array(z.string()),
  privileges: z.record(z.string(), z.unknown()).optional(),
});

/** One database/schema size (CapacitySnapshot): a whole, non-negative number of bytes. */
export const capacitySnapshotSchema = z.object({
  databaseName: name,
  bytes: z.number().int("must be a whole number of bytes").nonnegative("must not be negative"),
});

/** One server setting (SettingSnapshot). */
export const settingSnapshotSchema = z.object({
  name,
  value: z.string().nullable(),
  unit: z.string().nullable(),
  source: z.string().nullable(),
});

const MAX_ERROR_LENGTH = 300;

function describeIssues(error: z.ZodError): string {
  const text = error.issues.map((i) => `${i.path.length ? i.path.join(".") : "item"}: ${i.message}`).join("; ");
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Splits upstream rows into those the schema accepts and those it rejects, so one bad item is
 * recorded and skipped instead of failing the whole sync. `label` names an item for the report
 * (e.g. its name); an empty label falls back to the item's position.
 */
export function partitionValid<T, S extends z.ZodType>(
  rows: readonly T[],
  schema: S,
  label: (row: T, index: number) => string,
): { valid: z.output<S>[]; invalid: InvalidItem[] } {
  const valid: z.output<S>[] = [];
  const invalid: InvalidItem[] = [];
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    let item: string;
    try {
      item = label(row, index);
    } catch {
      item = "";
    }
    invalid.push({ item: item.trim() ? item : `#${index + 1}`, error: describeIssues(parsed.error) });
  });
  return { valid, invalid };
}
