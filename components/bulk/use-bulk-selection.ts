"use client";

import { useState } from "react";

type State = { key: string; ids: Set<string>; allMatching: boolean };

/**
 * Rows ticked on a list, or "all matching this filter". A new filter (`filterKey`) starts a new,
 * empty selection: what was ticked under the old one is not what the operator sees any more.
 */
export function useBulkSelection(visibleIds: string[], filterKey: string) {
  const [state, setState] = useState<State>({ key: filterKey, ids: new Set(), allMatching: false });
  const current: State = state.key === filterKey ? state : { key: filterKey, ids: new Set(), allMatching: false };
  const visibleSelected = visibleIds.filter((id) => current.allMatching || current.ids.has(id)).length;
  const pageState: boolean | "indeterminate" =
    visibleIds.length > 0 && visibleSelected === visibleIds.length ? true : visibleSelected > 0 ? "indeterminate" : false;

  const set = (ids: Set<string>, allMatching = false) => setState({ key: filterKey, ids, allMatching });
  return {
    ids: current.ids,
    allMatching: current.allMatching,
    count: current.ids.size,
    pageState,
    isSelected: (id: string) => current.allMatching || current.ids.has(id),
    toggle(id: string, on: boolean) {
      const next = new Set(current.allMatching ? visibleIds : current.ids);
      if (on) next.add(id);
      else next.delete(id);
      set(next);
    },
    togglePage(on: boolean) {
      set(on ? new Set([...current.ids, ...visibleIds]) : new Set([...current.ids].filter((id) => !visibleIds.includes(id))));
    },
    selectAllMatching: () => set(new Set(), true),
    clear: () => set(new Set()),
  };
}

export type BulkSelection = ReturnType<typeof useBulkSelection>;
