import { onBeforeUnmount, onMounted } from 'vue';

/** What a key does on the agent's desk. */
export type HotKeyAction =
  | 'answer' | 'ready' | 'pause' | 'hangup' | 'transfer' | 'recordingPause' | 'recordingResume' | 'search' | 'card' | 'topic' | 'help';

/** A key press that means something: the action, and for `topic` which of the nine (1-based). */
export interface HotKey {
  action: HotKeyAction;
  digit?: number;
}

/** The cheat-sheet's rows, in the order shown on `?`; `code` is the physical key, for the other layouts. */
export const HOT_KEYS: ReadonlyArray<{ key: string; code: string; action: HotKeyAction }> = [
  { key: 'a', code: 'KeyA', action: 'answer' },
  { key: 'r', code: 'KeyR', action: 'ready' },
  { key: 'p', code: 'KeyP', action: 'pause' },
  { key: 'h', code: 'KeyH', action: 'hangup' },
  { key: 't', code: 'KeyT', action: 'transfer' },
  { key: 'm', code: 'KeyM', action: 'recordingPause' },
  { key: 'u', code: 'KeyU', action: 'recordingResume' },
  { key: '/', code: 'Slash', action: 'search' },
  { key: 'c', code: 'KeyC', action: 'card' },
  { key: '?', code: 'Slash', action: 'help' },
];

interface KeyLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
  repeat: boolean;
  isComposing?: boolean;
  target: EventTarget | null;
}

function typing(target: EventTarget | null): boolean {
  const el = target as (HTMLElement & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable === true;
}

function digitOf(e: KeyLike): number | null {
  const fromKey = /^[1-9]$/.test(e.key) ? Number(e.key) : null;
  const fromCode = /^(Digit|Numpad)[1-9]$/.test(e.code ?? '') ? Number(e.code!.slice(-1)) : null;
  return fromKey ?? fromCode;
}

/**
 * The key's meaning, by the character typed, else by the physical key: on the Ukrainian layout `h` types `р`, and
 * with Alt on a Mac it types `˙`; the agent still means hang-up.
 */
function actionOf(e: KeyLike): HotKeyAction | null {
  const key = e.key.toLowerCase();
  const typed = HOT_KEYS.find((k) => k.key === key);
  if (typed) return typed.action;
  if (e.code === 'Slash') return e.shiftKey ? 'help' : 'search';
  return HOT_KEYS.find((k) => k.code === e.code && k.code !== 'Slash')?.action ?? null;
}

/**
 * The meaning of a key press, or null. Never while typing in a field unless Alt is held (Alt+H hangs up from the
 * request form); Ctrl and Meta are the browser's; a held-down key's repeats are not presses; nor is a key that
 * composes a character (an IME).
 */
export function keyAction(e: KeyLike): HotKey | null {
  if (e.repeat || e.ctrlKey || e.metaKey || e.isComposing) return null;
  if (typing(e.target) && !e.altKey) return null;
  const digit = digitOf(e);
  if (digit !== null) return { action: 'topic', digit };
  const action = actionOf(e);
  return action ? { action } : null;
}

export type HotKeyHandlers = Partial<Record<HotKeyAction, (key: HotKey) => unknown>>;

/**
 * Binds the keys while the owner is mounted. An action still running (a hang-up on its way) swallows further
 * presses of its key, so pressing twice sends one request.
 */
export function useHotKeys(handlers: HotKeyHandlers): void {
  const running = new Set<HotKeyAction>();
  function onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented) return;
    const hotKey = keyAction(e);
    const handler = hotKey && handlers[hotKey.action];
    if (!hotKey || !handler) return;
    e.preventDefault();
    if (running.has(hotKey.action)) return;
    running.add(hotKey.action);
    void Promise.resolve()
      .then(() => handler(hotKey))
      .catch(() => undefined)
      .finally(() => running.delete(hotKey.action));
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
