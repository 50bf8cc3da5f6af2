import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
import { mayOpen, NAV_GROUPS, type NavGroup } from '../router/routes';

export interface MenuLink {
  kind: 'link';
  name: string;
  navKey: string;
  /** Set when the link stands for a group of one page: it is labelled by the (shorter) group's name. */
  group?: NavGroup;
}
export interface MenuGroup {
  kind: 'group';
  group: NavGroup;
  links: MenuLink[];
}
export type MenuEntry = MenuLink | MenuGroup;

/** Up to this many pages the menu is one row of links; more (the supervisor's, the admin's) go into groups. */
export const FLAT_MENU_LIMIT = 5;

/**
 * A role's menu: its pages in the router's order, filed under their groups when there are too many for one
 * row at 1280 px in Ukrainian. A group of one page is a link to it under the group's name; a page without a group
 * stands alone.
 */
export function menuFor(role: Role, records: RouteRecordRaw[]): MenuEntry[] {
  const pages = records.filter((r) => r.meta?.navKey && mayOpen(role, r.meta.roles));
  const link = (r: RouteRecordRaw): MenuLink => ({ kind: 'link', name: String(r.name), navKey: r.meta!.navKey! });
  if (pages.length <= FLAT_MENU_LIMIT) return pages.map(link);
  const entries: MenuEntry[] = [];
  for (const group of NAV_GROUPS) {
    const links = pages.filter((r) => r.meta?.navGroup === group).map(link);
    if (links.length === 1) entries.push({ ...links[0], group });
    else if (links.length > 1) entries.push({ kind: 'group', group, links });
  }
  return [...entries, ...pages.filter((r) => !r.meta?.navGroup).map(link)];
}
