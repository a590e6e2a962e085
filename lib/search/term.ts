import { z } from "zod";

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 200;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What a search box or `q` parameter may hold: 2–200 characters after trimming, no control characters. */
export const searchTerm = z
  .string()
  .trim()
  .min(SEARCH_MIN_LENGTH, `Search text must be at least ${SEARCH_MIN_LENGTH} characters`)
  .max(SEARCH_MAX_LENGTH, `Search text must be at most ${SEARCH_MAX_LENGTH} characters`)
  .refine((v) => !CONTROL.test(v), "Search text must not contain control characters (tabs, newlines …)")
  .describe("Text to find (2–200 characters, case-insensitive, matched anywhere); a full UUID also matches ids");

/** The term as the list pages keep it in the URL: a usable term, or null (a too short one searches nothing). */
export function usableSearchTerm(value: string | null | undefined): string | null {
  const parsed = searchTerm.safeParse(value ?? "");
  return parsed.success ? parsed.data : null;
}

/** `%term%` for LIKE/ILIKE with `\`, `%` and `_` taken literally. */
export function containsPattern(term: string) {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export { isUuid } from "@/lib/ids";
