/**
 * One phone per browser: the tab that holds the Web Lock registers, the others say the phone is in another tab
 * and take over when that tab closes (the lock is released with it). Two registrations of one endpoint would
 * make the PBX ring both tabs, and an unregistering tab would unregister the other's contact.
 */
export interface TabLock {
  /** Resolves with true at once when this tab got the phone, false when another has it. */
  acquired: Promise<boolean>;
  /** Resolves when this tab gets the phone after having waited for it. */
  later: Promise<void>;
  release(): void;
}

export function lockPhone(name: string, locks: LockManager | undefined = globalThis.navigator?.locks): TabLock {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  if (!locks) return { acquired: Promise.resolve(true), later: new Promise(() => undefined), release };
  let gotLater: () => void = () => {};
  const later = new Promise<void>((resolve) => (gotLater = resolve));
  const acquired = new Promise<boolean>((resolve) => {
    void locks.request(name, { ifAvailable: true }, async (lock) => {
      resolve(lock !== null);
      if (lock) return held;
      // Not now: wait in line for it, holding it from then on until released.
      void locks.request(name, async () => {
        gotLater();
        return held;
      });
      return undefined;
    });
  });
  return { acquired, later, release };
}
