export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a JSON route; an `{ error }` body becomes an ApiError carrying its safe message. */
export async function fetchJson<T>(url: string, { allowStatus = [] as number[] } = {}): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (!res.ok && !allowStatus.includes(res.status)) {
    throw new ApiError(res.status, body?.error?.code ?? "http", body?.error?.message ?? `Request failed (${res.status})`);
  }
  return body as T;
}

export function searchParams(params: Record<string, string | number | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
