import { onBeforeUnmount, watch, type Ref } from 'vue';
import { loadDevices } from '../phone/devices';
import { createRinger, type Ringer } from '../utils/ringer';

const ASKED_KEY = 'hromada.notificationsAsked';

export interface CallAlertOptions {
  /** What rings: a short text for the title and the notification, or null when nothing rings. */
  ringing: Ref<string | null>;
  title: (caller: string) => string;
  /** Brings the console forward and opens the card when the notification is clicked. */
  onOpen: () => void;
  ringer?: Ringer;
  doc?: Document;
}

function notificationsAvailable(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function askedBefore(): boolean {
  try {
    return localStorage.getItem(ASKED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Asks for notification permission once, on the agent's first click in the console (browsers ignore an
 * ask without a gesture); never again, and nothing depends on the answer.
 */
export function askNotificationsOnce(doc: Document = document): () => void {
  if (!notificationsAvailable() || Notification.permission !== 'default' || askedBefore()) return () => undefined;
  const ask = () => {
    doc.removeEventListener('click', ask, true);
    try {
      localStorage.setItem(ASKED_KEY, '1');
    } catch {
      // private mode: we might ask once more next visit
    }
    void Notification.requestPermission().catch(() => undefined);
  };
  doc.addEventListener('click', ask, true);
  return () => doc.removeEventListener('click', ask, true);
}

/** While a call rings: a ring tone, the page title flashing, and a notification when the tab is hidden. */
export function useCallAlert(options: CallAlertOptions) {
  const doc = options.doc ?? document;
  // The pop and the softphone ring together: one ring, on the device the agent chose for it.
  const ringer = options.ringer ?? createRinger(() => loadDevices().ring);
  let flashTimer: ReturnType<typeof setInterval> | null = null;
  let savedTitle: string | null = null;
  let notification: Notification | null = null;

  function start(caller: string): void {
    ringer.start();
    savedTitle ??= doc.title;
    const alertTitle = options.title(caller);
    let on = true;
    doc.title = alertTitle;
    flashTimer ??= setInterval(() => {
      on = !on;
      doc.title = on ? alertTitle : (savedTitle ?? '');
    }, 1000);
    if (doc.visibilityState === 'hidden' && notificationsAvailable() && Notification.permission === 'granted') {
      notification = new Notification(alertTitle, { tag: 'hromada-call', requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        options.onOpen();
        notification?.close();
      };
    }
  }

  function stop(): void {
    ringer.stop();
    if (flashTimer) clearInterval(flashTimer);
    flashTimer = null;
    if (savedTitle !== null) doc.title = savedTitle;
    savedTitle = null;
    notification?.close();
    notification = null;
  }

  watch(options.ringing, (caller, previous) => {
    if (caller && caller !== previous) {
      stop();
      start(caller);
    } else if (!caller) stop();
  }, { immediate: true });
  onBeforeUnmount(stop);
  return { stop };
}
