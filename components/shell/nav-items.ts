import {
  ActivityIcon,
  BarChart3Icon,
  BellIcon,
  BookOpenIcon,
  CalendarClockIcon,
  LayoutDashboardIcon,
  Link2Icon,
  RadioTowerIcon,
  KeyRoundIcon,
  ScrollTextIcon,
  ServerIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

/** `superAdminOnly`: the page answers 404 to other roles, so they are not shown it. */
export type NavItem = { href: string; label: string; icon: LucideIcon; superAdminOnly?: true };

/** The sidebar, in order. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", icon: LayoutDashboardIcon },
  { href: "/sessions", label: "Sync sessions", icon: ActivityIcon },
  { href: "/schedules", label: "Schedules", icon: CalendarClockIcon },
  { href: "/statistics", label: "Statistics", icon: BarChart3Icon },
  { href: "/bindings", label: "Bindings", icon: Link2Icon },
  { href: "/live-sessions", label: "Live sessions", icon: RadioTowerIcon },
  { href: "/instances", label: "Instances", icon: ServerIcon },
  { href: "/accounts", label: "Accounts", icon: UsersIcon },
  { href: "/alerts", label: "Alerts", icon: BellIcon },
  { href: "/audit", label: "Audit log", icon: ScrollTextIcon },
  { href: "/tokens", label: "API tokens", icon: KeyRoundIcon, superAdminOnly: true },
  { href: "/api-docs", label: "API", icon: BookOpenIcon },
];

export function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
