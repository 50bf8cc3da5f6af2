import { onBeforeUnmount, onMounted } from 'vue';

/** What a key does on the agent's desk. Recording keys wait for the recording API (not in this branch). */
export type HotKeyAction = 'ready' | 'pause' | 'hangup' | 'transfer' | 'search' | 'card' | 'help';

/** The cheat-sheet's rows, in the order shown on `?`. */
export const HOT_KEYS: ReadonlyArray<{ key: string; action: HotKeyAction }> = [
  { key: 'r', action: 'ready' },
  { key: 'p', action: 'pause' },
  { key: 'h', action: 'hangup' },
  { key: 't', action: 'transfer' },
  { key: '/', action: 'search' },
  { key: 'c', action: 'card' },
  { key: '?', action: 'help' },
];

interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

function typing(target: EventTarget | null): boolean {
  const el = target as (HTMLElement & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable === true;
}

/**
 * The action of a key press, or null. Never while typing in a field unless Alt is held (Alt+H hangs up from the
 * request form); Ctrl and Meta are the browser's; a held-down key's repeats are not presses.
 */
export function keyAction(e: KeyLike): HotKeyAction | null {
  if (e.repeat || e.ctrlKey || e.metaKey) return null;
  if (typing(e.target) && !e.altKey) return null;
  const key = e.key.toLowerCase();
  return HOT_KEYS.find((k) => k.key === key)?.action ?? null;
}

/**
 * Binds the keys while the page is mounted. An action still running (a hang-up on its way) swallows further
 * presses of its key, so pressing twice sends one request.
 */
export function useHotKeys(handlers: Partial<Record<HotKeyAction, () => unknown>>): void {
  const running = new Set<HotKeyAction>();
  function onKey(e: KeyboardEvent): void {
    const action = keyAction(e);
    const handler = action && handlers[action];
    if (!action || !handler) return;
    e.preventDefault();
    if (running.has(action)) return;
    running.add(action);
    void Promise.resolve()
      .then(handler)
      .catch(() => undefined)
      .finally(() => running.delete(action));
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
