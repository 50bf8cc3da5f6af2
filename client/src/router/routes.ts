import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; absent = any signed-in user. */
    roles?: Role[];
    /** i18n key under `nav.` when the page belongs in the menu. */
    navKey?: string;
    /** The menu group (i18n key under `nav.groups.`) a long menu files the page under; absent = its own item. */
    navGroup?: NavGroup;
    public?: boolean;
  }
}

/** The menu's groups, in the order they appear. */
export const NAV_GROUPS = ['live', 'requests', 'consultations', 'reports', 'administration'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

const ALL_ROLES: Role[] = ['agent', 'supervisor', 'official', 'executor', 'admin'];

/** The first page each role lands on. */
export const HOME_BY_ROLE: Record<Role, string> = {
  agent: 'calls',
  supervisor: 'live-queues',
  official: 'consultations',
  executor: 'portal',
  admin: 'admin-users',
};

export const appRoutes: RouteRecordRaw[] = [
  { path: 'calls', name: 'calls', component: () => import('../pages/AgentHomePage.vue'), meta: { roles: ['agent'], navKey: 'home', navGroup: 'live' } },
  { path: 'live', name: 'live-queues', component: () => import('../pages/LiveQueuesPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'liveQueues', navGroup: 'live' } },
  { path: 'overdue', name: 'overdue', component: () => import('../pages/OverduePage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'overdue', navGroup: 'requests' } },
  { path: 'outages', name: 'outages', component: () => import('../pages/OutagesPage.vue'), meta: { roles: ['supervisor', 'admin', 'executor'], navKey: 'outages', navGroup: 'live' } },
  { path: 'abandoned', name: 'abandoned', component: () => import('../pages/AbandonedPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'abandoned', navGroup: 'live' } },
  { path: 'staffing', name: 'staffing', component: () => import('../pages/StaffingPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'staffing', navGroup: 'reports' } },
  { path: 'ratings', name: 'ratings', component: () => import('../pages/RatingsPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'ratings', navGroup: 'reports' } },
  { path: 'digests', name: 'digests', component: () => import('../pages/DigestsPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'digests', navGroup: 'reports' } },
  { path: 'requests', name: 'requests', component: () => import('../pages/RequestsPage.vue'), meta: { roles: ['agent', 'supervisor', 'admin'], navKey: 'requests', navGroup: 'requests' } },
  { path: 'requests/new', name: 'request-new', component: () => import('../pages/NewRequestPage.vue'), meta: { roles: ['agent', 'supervisor'] } },
  { path: 'requests/:id(\\d+)', name: 'request', component: () => import('../pages/RequestPage.vue'), props: (route) => ({ id: Number(route.params.id) }), meta: { roles: ['agent', 'supervisor', 'executor', 'admin'] } },
  { path: 'citizens', name: 'citizens', component: () => import('../pages/CitizensPage.vue'), meta: { roles: ['agent', 'supervisor', 'admin'], navKey: 'citizens', navGroup: 'requests' } },
  { path: 'citizens/:id(\\d+)', name: 'citizen', component: () => import('../pages/CitizenPage.vue'), props: (route) => ({ id: Number(route.params.id) }), meta: { roles: ['agent', 'supervisor', 'admin'] } },
  { path: 'callbacks', name: 'callbacks', component: () => import('../pages/CallbacksPage.vue'), meta: { roles: ['agent'], navKey: 'callbacks', navGroup: 'live' } },
  { path: 'consultations', name: 'consultations', component: () => import('../pages/ConsultationsPage.vue'), meta: { roles: ['official'], navKey: 'consultations' } },
  { path: 'consultations/plan', name: 'consultations-plan', component: () => import('../pages/ConsultationsPlanPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'consultationsPlan', navGroup: 'consultations' } },
  { path: 'consultations/:id(\\d+)', name: 'consultation', component: () => import('../pages/ConsultationPage.vue'), props: (route) => ({ id: Number(route.params.id) }), meta: { roles: ['supervisor', 'admin', 'official', 'agent'] } },
  { path: 'portal', name: 'portal', component: () => import('../pages/PortalPage.vue'), meta: { roles: ['executor'], navKey: 'portal' } },
  { path: 'admin/users', name: 'admin-users', component: () => import('../pages/UsersPage.vue'), meta: { roles: ['admin'], navKey: 'users', navGroup: 'administration' } },
  { path: 'admin/routing', name: 'admin-routing', component: () => import('../pages/RoutingRulesPage.vue'), meta: { roles: ['admin'], navKey: 'routingRules', navGroup: 'administration' } },
  { path: 'reports/yearly', name: 'yearly-report', component: () => import('../pages/YearlyReportPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'yearlyReport', navGroup: 'reports' } },
  { path: 'imports', name: 'imports', component: () => import('../pages/ImportPage.vue'), meta: { roles: ['admin', 'supervisor'], navKey: 'imports', navGroup: 'administration' } },
  { path: 'admin/retention', name: 'admin-retention', component: () => import('../pages/RetentionPage.vue'), meta: { roles: ['admin'] } },
  { path: 'admin/audit', name: 'admin-audit', component: () => import('../pages/AuditLogPage.vue'), meta: { roles: ['admin'], navKey: 'audit', navGroup: 'administration' } },
  { path: 'admin/backups', name: 'admin-backups', component: () => import('../pages/BackupsPage.vue'), meta: { roles: ['admin'], navKey: 'backups', navGroup: 'administration' } },
  { path: 'notices', name: 'notices', component: () => import('../pages/NoticesPage.vue'), meta: { roles: ['agent', 'supervisor', 'admin'], navKey: 'notices', navGroup: 'live' } },
  { path: 'escalations', name: 'escalations', component: () => import('../pages/EscalationsPage.vue'), meta: { roles: ['supervisor', 'admin'], navKey: 'escalations', navGroup: 'requests' } },
  { path: 'admin/api-keys', name: 'admin-api-keys', component: () => import('../pages/ApiKeysPage.vue'), meta: { roles: ['admin'], navKey: 'apiKeys', navGroup: 'administration' } },
  { path: 'forbidden', name: 'forbidden', component: () => import('../pages/ForbiddenPage.vue'), meta: { roles: ALL_ROLES } },
];

export const routes: RouteRecordRaw[] = [
  // The big screen: no menu, nothing but the queues (the supervisor's own session).
  { path: '/wallboard', name: 'wallboard', component: () => import('../pages/WallboardPage.vue'), meta: { roles: ['supervisor', 'admin'] } },
  { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { public: true } },
  { path: '/', component: () => import('../layouts/AppLayout.vue'), children: [{ path: '', name: 'home', redirect: { name: 'calls' } }, ...appRoutes] },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue'), meta: { public: true } },
];

export function mayOpen(role: Role, roles: Role[] | undefined): boolean {
  return roles === undefined || roles.includes(role);
}
