// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askNotificationsOnce } from './useCallAlert';

describe('askNotificationsOnce', () => {
  let requestPermission: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    localStorage.clear();
    requestPermission = vi.fn(async () => 'granted');
    vi.stubGlobal('Notification', Object.assign(function Notification() {}, { permission: 'default', requestPermission }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the agent first clicks in the console, then permission is asked once, and never again on the next visit', () => {
    askNotificationsOnce();
    document.body.click();
    document.body.click();
    expect(requestPermission).toHaveBeenCalledOnce();
    askNotificationsOnce();
    document.body.click();
    expect(requestPermission).toHaveBeenCalledOnce();
  });

  it('when the browser has no notifications or the answer is already given, then nothing is asked', () => {
    vi.stubGlobal('Notification', Object.assign(function Notification() {}, { permission: 'denied', requestPermission }));
    askNotificationsOnce();
    document.body.click();
    expect(requestPermission).not.toHaveBeenCalled();
  });
});
