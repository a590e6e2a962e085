/** A well-formed UUID (8-4-4-4-12 hex). Lookups check this first: anything else names nothing (404), never a database error. */
export const isUuid = (v: string) => /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v);
