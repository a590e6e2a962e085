// Framework-free so the proxy can use it too.
import { AppError } from "@/lib/errors";

/** Deeper than this is not a request any client of this app makes; walking it must not cost a stack overflow. */
const MAX_DEPTH = 64;

/** The body rules of the API (readJson) and of server actions (the proxy), for a UTF-8 JSON body. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    throw new AppError("bad_request:json", "Request body is not valid JSON (it starts with a byte-order mark)");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request:json", "Request body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request:json", "Request body is not valid JSON");
  }
  checkJsonText(value);
  return value;
}

/** Throws a 400 for nesting deeper than MAX_DEPTH, NUL characters and lone surrogates, walking without recursion. */
export function checkJsonText(value: unknown) {
  const stack: [unknown, number][] = [[value, 0]];
  const text = (s: string) => {
    if (s.includes("\u0000")) throw new AppError("bad_request:json", "Text in the request body may not contain NUL characters (\\u0000)");
    if (!s.isWellFormed())
      throw new AppError("bad_request:json", "Text in the request body may not contain lone surrogates (invalid Unicode)");
  };
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") text(v);
    else if (v && typeof v === "object") {
      if (depth >= MAX_DEPTH) throw new AppError("bad_request:json", `Request body is nested deeper than ${MAX_DEPTH} levels`);
      if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
      else
        for (const [k, x] of Object.entries(v)) {
          text(k);
          stack.push([x, depth + 1]);
        }
    }
  }
}
