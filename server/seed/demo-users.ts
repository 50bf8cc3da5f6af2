import type { NewUser } from '../users/users.service';

/** One demo login per role, printed at start on a demo database. The agents' interfaces ring in the simulator. */
export const DEMO_USERS: (NewUser & { password: string })[] = [
  { username: 'agent1', password: 'agent1-demo', role: 'agent', fullName: 'Олена Коваль', interface: 'PJSIP/1001' },
  { username: 'agent2', password: 'agent2-demo', role: 'agent', fullName: 'Андрій Мельник', interface: 'PJSIP/1002' },
  { username: 'agent3', password: 'agent3-demo', role: 'agent', fullName: 'Ірина Бондар', interface: 'PJSIP/1003' },
  { username: 'supervisor', password: 'supervisor-demo', role: 'supervisor', fullName: 'Тетяна Руденко' },
  { username: 'official', password: 'official-demo', role: 'official', fullName: 'Сергій Павленко', phone: '+380671110001' },
  { username: 'executor', password: 'executor-demo', role: 'executor', fullName: 'Диспетчер Кривбасводоканалу', executor: 'WATER' },
  { username: 'admin', password: 'admin-demo', role: 'admin', fullName: 'Адміністратор системи' },
];
