import { z } from "zod";
import { createAlertRuleInput, updateAlertRuleInput } from "./schemas";

/** Request bodies of the alert routes: the verbs' inputs without what the path (or If-Match) carries. */
export const alertRuleBodies = {
  create: createAlertRuleInput,
  update: updateAlertRuleInput.omit({ ruleId: true }).extend({ expectedVersion: updateAlertRuleInput.shape.expectedVersion.optional() }),
  mute: z
    .object({ until: z.iso.datetime({ offset: true }).describe("Mute until this time (in the future, at most a year ahead)") })
    .strict(),
};
