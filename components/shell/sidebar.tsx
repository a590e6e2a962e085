"use client";

import { MenuIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { cn } from "@/components/cn";
import { Logo } from "@/components/logo";
import type { Role } from "@/lib/domain/values";
import { isActive, NAV_ITEMS } from "./nav-items";

export function Sidebar({ role }: { role: Role }) {
  const pathname = usePathname();
  // On a phone the navigation is a menu that opens under the bar; from md up it is always shown.
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  if (open && openedAt !== pathname) {
    // A link was followed: close the menu during render instead of in an effect.
    setOpen(false);
    setOpenedAt(pathname);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <aside className="sticky top-0 z-30 shrink-0 border-b bg-background md:h-dvh md:w-56 md:border-r md:border-b-0">
      <div className="flex h-14 items-center gap-2.5 px-4 md:px-5">
        <Logo />
        <span className="text-[15px] font-semibold tracking-tight">Syncdeck</span>
        <button
          type="button"
          className="ml-auto grid size-9 place-items-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground md:hidden"
          aria-expanded={open}
          aria-controls="main-nav"
          aria-label={open ? "Close menu" : "Open menu"}
          onClick={() => {
            setOpen((o) => !o);
            setOpenedAt(pathname);
          }}
        >
          {open ? <XIcon className="size-5" /> : <MenuIcon className="size-5" />}
        </button>
      </div>
      <nav
        id="main-nav"
        aria-label="Main"
        className={cn("grid-cols-2 gap-1 px-2 pb-2 md:flex md:flex-col md:px-3 md:py-2", open ? "grid" : "hidden")}
      >
        {NAV_ITEMS.filter((item) => !item.superAdminOnly || role === "super_admin").map(({ href, label, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={cn(
                "flex shrink-0 items-center gap-2.5 rounded-md px-2.5 py-2 text-[13px] font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground md:py-1.5",
                active && "bg-accent text-foreground",
              )}
            >
              <Icon className="size-4" />
              {label}
            </Link>
          );
        })}
      </nav>
    </aside>
  );
}
