import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { appRoutes } from '../router/routes';
import { FLAT_MENU_LIMIT, menuFor, type MenuEntry } from './menu';

const pagesIn = (menu: MenuEntry[]) => menu.flatMap((e) => (e.kind === 'link' ? [e.name] : e.links.map((l) => l.name)));
const ROLES: Role[] = ['agent', 'supervisor', 'official', 'executor', 'admin'];

describe('the top bar menu', () => {
  it.each(ROLES)('when the %s signs in, then every page of theirs in the menu is reachable from it exactly once', (role) => {
    const expected = appRoutes.filter((r) => r.meta?.navKey && (!r.meta.roles || r.meta.roles.includes(role))).map((r) => String(r.name));
    expect(pagesIn(menuFor(role, appRoutes)).sort()).toEqual([...expected].sort());
  });

  it.each(ROLES)('when the %s signs in, then the top bar holds no more entries than a flat menu may', (role) => {
    expect(menuFor(role, appRoutes).length).toBeLessThanOrEqual(FLAT_MENU_LIMIT);
  });

  it('when a role has few pages, then they are plain links; when many, then groups of at least two', () => {
    expect(menuFor('agent', appRoutes).every((e) => e.kind === 'link')).toBe(true);
    const admin = menuFor('admin', appRoutes);
    expect(admin.some((e) => e.kind === 'group')).toBe(true);
    for (const e of admin) if (e.kind === 'group') expect(e.links.length).toBeGreaterThan(1);
  });
});
