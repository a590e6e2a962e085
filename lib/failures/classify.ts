/**
 * Why something failed, in an operator's terms: a class, a one-line message safe to show, and the
 * raw detail behind it with secrets scrubbed. Framework-free; used by batch records and live ticks.
 */
import { describeConnectionError } from "@/lib/connectors/errors";
import { UpstreamError } from "@/lib/connectors/types";
import { FAILURE_CLASSES, isFailureClass, type FailureClass } from "./classes";
import { scrubSecrets } from "./scrub";

export { FAILURE_CLASSES, FAILURE_CLASS_LABELS, isFailureClass, type FailureClass } from "./classes";

export type ClassifiedFailure = { failureClass: FailureClass; message: string; detail: string };

export type ClassifyOptions = {
  /** Strings to remove from the detail wherever they appear (the instance's decrypted secret, a token). */
  secrets?: readonly (string | null | undefined)[];
  /** `host:port/db` for messages about errors that did not come through a connector. */
  endpoint?: string;
};

/** UpstreamError codes that are not themselves class names. */
const CODE_CLASS: Record<string, FailureClass> = {
  bad_url: "auth", // the stored connection settings are wrong, like a missing database
  lock: "timeout", // gave up waiting for another run to release the instance
  cancelled: "internal",
};

const MAX_MESSAGE = 300;
const MAX_DETAIL = 4000;

export function classOfCode(code: string): FailureClass {
  return isFailureClass(code) ? code : (CODE_CLASS[code] ?? "internal");
}

function oneLine(text: string, max = MAX_MESSAGE): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  detail?: unknown;
  hint?: unknown;
  stack?: unknown;
  cause?: unknown;
  errors?: unknown;
};

/** Every error in the `cause` chain (and AggregateError lists), outermost first. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (!e || typeof e !== "object" || seen.has(e) || out.length > 10) return;
    seen.add(e);
    const x = e as ErrorLike;
    out.push(x);
    walk(x.cause);
    if (Array.isArray(x.errors)) x.errors.forEach(walk);
  };
  walk(err);
  return out;
}

/** The raw story: each error's name, code and message, driver detail/hint, and for unexpected errors a short stack. */
function rawDetail(err: unknown, withStack: boolean): string {
  if (!err || typeof err !== "object") return String(err);
  const lines: string[] = [];
  for (const [i, e] of chain(err).entries()) {
    const name = typeof e.name === "string" ? e.name : "Error";
    const code = typeof e.code === "string" || typeof e.code === "number" ? ` [${e.code}]` : "";
    lines.push(`${i ? "caused by " : ""}${name}${code}: ${typeof e.message === "string" ? e.message : String(e)}`);
    if (typeof e.detail === "string" && e.detail) lines.push(`  detail: ${e.detail}`);
    if (typeof e.hint === "string" && e.hint) lines.push(`  hint: ${e.hint}`);
    if (withStack && i === 0 && typeof e.stack === "string") lines.push(...e.stack.split("\n").slice(1, 7));
  }
  return lines.join("\n");
}

function finish(failureClass: FailureClass, message: string, detail: string, opts: ClassifyOptions): ClassifiedFailure {
  const secrets = opts.secrets ?? [];
  const d = scrubSecrets(detail, secrets);
  return {
    failureClass,
    message: oneLine(scrubSecrets(message, secrets)),
    detail: d.length > MAX_DETAIL ? `${d.slice(0, MAX_DETAIL - 1)}…` : d,
  };
}

/**
 * Classifies any thrown value. Connector and game-server errors (UpstreamError) keep their code's
 * class and message; raw driver or socket errors are recognised by their codes; the rest is internal.
 */
export function classifyFailure(err: unknown, opts: ClassifyOptions = {}): ClassifiedFailure {
  if (err instanceof UpstreamError) {
    // The message is shown already; the detail is what the driver or server said behind it.
    const raw =
      err.cause !== undefined
        ? [rawDetail(err.cause, false), err.detail].filter(Boolean).join("\n")
        : (err.detail ?? `${err.code}: ${err.message}`);
    return finish(classOfCode(err.code), err.message, raw, opts);
  }
  const errors = chain(err);
  for (const e of errors) {
    const code = e.code ?? e.errno;
    if (code === undefined || code === null || code === "") continue;
    const described = describeConnectionError({ code }, opts.endpoint ?? "the upstream");
    if (described.code !== "internal" && isFailureClass(described.code))
      return finish(described.code, described.message, rawDetail(err, false), opts);
  }
  if (errors.some((e) => e.name === "TimeoutError"))
    return finish("timeout", `${opts.endpoint ?? "The upstream"} did not answer in time`, rawDetail(err, false), opts);
  const what = errors[0] && typeof errors[0].message === "string" ? errors[0].message : String(err);
  return finish("internal", `Failed inside Syncdeck: ${oneLine(what, 160)}`, rawDetail(err, true), opts);
}

/** A completed sync or tick that skipped upstream items it could not accept. */
export function classifyInvalidItems(
  invalid: readonly { item: string; error: string }[],
  opts: ClassifyOptions = {},
): ClassifiedFailure | null {
  if (!invalid.length) return null;
  const lines = invalid.slice(0, 50).map((i) => `${i.item}: ${i.error}`);
  if (invalid.length > 50) lines.push(`… and ${invalid.length - 50} more`);
  return finish("upstream_data", `${invalid.length} invalid upstream item(s) skipped`, lines.join("\n"), opts);
}

/** The most common class, ties broken by the order of FAILURE_CLASSES; null when there is none. */
export function dominantClass(classes: readonly (FailureClass | null | undefined)[]): FailureClass | null {
  const counts = new Map<FailureClass, number>();
  for (const c of classes) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: FailureClass | null = null;
  for (const c of FAILURE_CLASSES) if ((counts.get(c) ?? 0) > (best ? counts.get(best)! : 0)) best = c;
  return best;
}
