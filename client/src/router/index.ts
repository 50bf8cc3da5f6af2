import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { HOME_BY_ROLE, mayOpen, routes } from './routes';

/** Login first, then each role to its own pages; the session is checked once, on the first navigation. */
export function installGuards(router: Router): Router {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.checked) await session.check();
    const role = session.role;

    if (to.name === 'login') return role ? { name: HOME_BY_ROLE[role] } : true;
    if (to.meta.public) return true;
    if (!role) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    if (to.name === 'home') return { name: HOME_BY_ROLE[role] };
    if (!mayOpen(role, to.meta.roles)) return { name: 'forbidden' };
    return true;
  });
  return router;
}

export function createAppRouter(): Router {
  return installGuards(createRouter({ history: createWebHistory(), routes }));
}
