import { FAILURE_CLASSES, type FailureClass } from "@/lib/domain/values";

/** The failure classes and their names in the UI; safe to import from client components. */
export { FAILURE_CLASSES, type FailureClass };

export const FAILURE_CLASS_LABELS: Record<FailureClass, string> = {
  network: "Network",
  auth: "Authentication",
  timeout: "Timeout",
  permission: "Permission",
  upstream_data: "Upstream data",
  internal: "Internal",
};

export function isFailureClass(value: unknown): value is FailureClass {
  return typeof value === "string" && (FAILURE_CLASSES as readonly string[]).includes(value);
}
