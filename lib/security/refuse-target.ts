import { AppError } from "@/lib/errors";
import { targetProblem, urlHost } from "./allowed-targets";

/** For verbs saving a target: a 400 on `field` when its host is outside SYNCDECK_ALLOWED_TARGETS. */
export async function refuseDisallowedTarget(url: string, field: string) {
  const problem = await targetProblem(urlHost(url));
  if (problem) throw new AppError("bad_request:validation", problem, [{ path: field, message: problem }]);
}
