import type { Pinia } from 'pinia';
import { useSocket, type ConsoleSocket } from '../composables/useSocket';
import { useAgentGridStore } from '../stores/agentGrid';
import { useCallsStore } from '../stores/calls';
import { useCoachingStore } from '../stores/coaching';
import { useConsultationsStore } from '../stores/consultations';
import { useQueuesStore } from '../stores/queues';
import { useRequestUpdatesStore } from '../stores/requestUpdates';
import { useSessionStore } from '../stores/session';
import { useTelephonyStore } from '../stores/telephony';
import { useDigestsStore } from '../stores/digests';
import { useWorklistStore } from '../stores/worklist';
import { useRecordingsStore } from '../stores/recordings';
import { useSpyStore } from '../stores/spy';
import { useNoticesStore } from '../stores/notices';
import { usePhoneStore } from '../stores/phone';
import { useSuspectedOutagesStore } from '../stores/suspectedOutages';
import type { EventName, EventOf, RealtimeEvent } from './events';

type Routes = { [K in EventName]: (event: EventOf<K>) => void };

let stopLoading: (() => void) | null = null;

/** Every server event goes to exactly one store; a new event in the contract fails the build here until routed. */
function bind(socket: ConsoleSocket, routes: Routes): void {
  for (const name of Object.keys(routes) as EventName[]) {
    const route = routes[name] as (event: RealtimeEvent) => void;
    (socket as unknown as { on(event: string, listener: (data: unknown) => void): void }).on(name, (data) =>
      route({ name, data } as RealtimeEvent),
    );
  }
}

/** Connects the socket after login; the stores load from REST on every (re)connect and apply socket events. */
export function startRealtime(pinia: Pinia): void {
  const calls = useCallsStore(pinia);
  const queues = useQueuesStore(pinia);
  const telephony = useTelephonyStore(pinia);
  const requests = useRequestUpdatesStore(pinia);
  const consultations = useConsultationsStore(pinia);
  const grid = useAgentGridStore(pinia);
  const worklist = useWorklistStore(pinia);
  const recordings = useRecordingsStore(pinia);
  const coaching = useCoachingStore(pinia);
  const spy = useSpyStore(pinia);
  const { connect, onConnect, socket } = useSocket();
  if (socket.value) return;
  stopLoading?.();
  const session = useSessionStore(pinia);
  stopLoading = onConnect((live) => {
    if (session.role === 'agent') void calls.load();
    // Supervisors' pages show agents from the grid: the queue snapshots can leave out their members.
    if (session.role === 'supervisor' || session.role === 'admin') {
      live.emit('queues:lean', { lean: true }, () => undefined);
      // Suspicions raised while the socket was away.
      void useSuspectedOutagesStore(pinia).load().catch(() => undefined);
      // A session that ended (or changed) while the socket was away, or the one a reloaded page was running.
      if (session.user?.interface) void spy.load();
    }
    requests.rejoin();
    // A notice published while the socket was away: the list shown reloads.
    const notices = useNoticesStore(pinia);
    if (notices.loaded) void notices.load().catch(() => undefined);
    // Whatever changed while the socket was away: the open worklist reloads.
    if (worklist.loaded) worklist.stale = true;
  });
  const created = connect();
  startPhone(pinia, onConnect);
  bind(created, {
    'agent:snapshot': calls.apply,
    'call:offered': calls.apply,
    'call:card': calls.apply,
    'call:answered': calls.apply,
    'call:retracted': calls.apply,
    'call:ended': calls.apply,
    'queues:snapshot': queues.apply,
    'agents:grid': grid.apply,
    'telephony:status': telephony.apply,
    'recording:changed': recordings.apply,
    // the card of the current call shows request statuses too
    'request:changed': (event) => {
      requests.apply(event);
      calls.applyRequestChange(event.data);
    },
    'consultation:panel': consultations.apply,
    'consultation:alert': consultations.apply,
    'worklist:changed': worklist.apply,
    'digests:changed': useDigestsStore(pinia).apply,
    'coach:started': coaching.apply,
    'coach:ended': coaching.apply,
    'coach:session': spy.apply,
    'notice:published': useNoticesStore(pinia).apply,
    'outage:suspected': useSuspectedOutagesStore(pinia).apply,
    'outage:suspicion-closed': useSuspectedOutagesStore(pinia).apply,
  });
}

let stopPhoneLink: (() => void) | null = null;

/**
 * The softphone of a user who has one: registers now, tells the server whether it can ring (again after every
 * reconnect), and hangs up truthfully when the page goes away mid-call (WebRTC does not survive a reload).
 */
function startPhone(pinia: Pinia, onConnect: ReturnType<typeof useSocket>['onConnect']): void {
  const session = useSessionStore(pinia);
  const phone = usePhoneStore(pinia);
  const user = session.user;
  if (!user?.interface) return;
  const tell = (registered: boolean) => useSocket().socket.value?.emit('phone:state', { registered }, () => undefined);
  const offRegistration = phone.onRegistration(tell);
  const offConnect = onConnect(() => {
    if (phone.registered !== null) tell(phone.registered);
  });
  const leaving = () => phone.pageLeaving();
  const warn = (e: BeforeUnloadEvent) => {
    if (phone.onLine) e.preventDefault();
  };
  window.addEventListener('pagehide', leaving);
  window.addEventListener('beforeunload', warn);
  stopPhoneLink = () => {
    offRegistration();
    offConnect();
    window.removeEventListener('pagehide', leaving);
    window.removeEventListener('beforeunload', warn);
  };
  void phone.start(user.id, { ring: user.role !== 'agent' }).catch(() => undefined);
}

export function stopRealtime(pinia: Pinia): void {
  stopPhoneLink?.();
  stopPhoneLink = null;
  void usePhoneStore(pinia).stop();
  stopLoading?.();
  stopLoading = null;
  useSocket().disconnect();
  useCallsStore(pinia).reset();
  useQueuesStore(pinia).reset();
  useAgentGridStore(pinia).reset();
  useTelephonyStore(pinia).reset();
  useRequestUpdatesStore(pinia).reset();
  useConsultationsStore(pinia).reset();
  useWorklistStore(pinia).reset();
  useDigestsStore(pinia).reset();
  useSpyStore(pinia).reset();
  useNoticesStore(pinia).reset();
  useSuspectedOutagesStore(pinia).reset();
}
