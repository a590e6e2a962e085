import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { bindings, instances } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { checkRuleShape, type AlertCondition, type AlertScope } from "./schemas";

type Shape = {
  scope: AlertScope;
  scopeRef: string | null;
  condition: AlertCondition;
  threshold: number | null;
  destination: string;
  hasSecret: boolean;
};

/** The combination is sensible, the binding or instance exists, and a webhook has a signing secret. */
export async function assertValidRule(tx: Executor, rule: Shape) {
  const problem = checkRuleShape(rule);
  if (problem) throw new AppError("bad_request:alert_rule", problem);
  if (rule.destination === "webhook" && !rule.hasSecret)
    throw new AppError("bad_request:alert_rule", "A webhook destination needs a signing secret (at least 16 characters)");
  if (rule.scope === "binding") {
    const [row] = await tx.select({ id: bindings.id }).from(bindings).where(eq(bindings.id, rule.scopeRef!));
    if (!row) throw new AppError("bad_request:alert_rule", "No binding with that id");
  }
  if (rule.scope === "instance") {
    const [row] = await tx.select({ id: instances.id }).from(instances).where(eq(instances.id, rule.scopeRef!));
    if (!row) throw new AppError("bad_request:alert_rule", "No instance with that id");
  }
}
