// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { HOT_KEYS, keyAction, useHotKeys } from './useHotKeys';

const press = (key: string, o: Partial<KeyboardEventInit> = {}, target: EventTarget = window) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...o }));
const base = { altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, repeat: false, target: null as EventTarget | null };

describe('hot keys', () => {
  it('when a key is pressed in a field, then nothing happens unless Alt is held; Ctrl, Meta, repeats and composing never count', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const select = document.createElement('select');
    const editable = document.createElement('div');
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(keyAction({ ...base, key: 'h', target: document.body })).toEqual({ action: 'hangup' });
    for (const field of [input, textarea, select, editable]) {
      expect(keyAction({ ...base, key: 'h', target: field })).toBeNull();
      expect(keyAction({ ...base, key: '3', target: field })).toBeNull();
      expect(keyAction({ ...base, key: 'h', altKey: true, target: field })).toEqual({ action: 'hangup' });
    }
    expect(keyAction({ ...base, key: 'h', ctrlKey: true, target: document.body })).toBeNull();
    expect(keyAction({ ...base, key: 'h', metaKey: true, target: document.body })).toBeNull();
    expect(keyAction({ ...base, key: 'h', repeat: true, target: document.body })).toBeNull();
    expect(keyAction({ ...base, key: 'h', isComposing: true, target: document.body })).toBeNull();
  });

  it('when each key of the cheat-sheet is pressed, then it means its action, in any case, on the Ukrainian layout too', () => {
    for (const { key, code, action } of HOT_KEYS) {
      expect(keyAction({ ...base, key, code, shiftKey: key === '?' }), key).toEqual({ action });
      if (/^[a-z]$/.test(key)) expect(keyAction({ ...base, key: key.toUpperCase(), code }), key.toUpperCase()).toEqual({ action });
    }
    // The same physical keys typing Cyrillic letters, and the Mac's Alt typing symbols.
    expect(keyAction({ ...base, key: 'р', code: 'KeyH' })).toEqual({ action: 'hangup' });
    expect(keyAction({ ...base, key: 'ь', code: 'KeyM' })).toEqual({ action: 'recordingPause' });
    expect(keyAction({ ...base, key: 'г', code: 'KeyU' })).toEqual({ action: 'recordingResume' });
    expect(keyAction({ ...base, key: '.', code: 'Slash' })).toEqual({ action: 'search' });
    expect(keyAction({ ...base, key: ',', code: 'Slash', shiftKey: true })).toEqual({ action: 'help' });
    expect(keyAction({ ...base, key: '˙', code: 'KeyH', altKey: true, target: document.createElement('input') })).toEqual({ action: 'hangup' });
    expect(keyAction({ ...base, key: 'q', code: 'KeyQ' })).toBeNull();
  });

  it('when a digit 1–9 is pressed, on the row or the keypad, then it picks that topic; 0 is no topic', () => {
    for (let d = 1; d <= 9; d++) {
      expect(keyAction({ ...base, key: String(d), code: `Digit${d}` })).toEqual({ action: 'topic', digit: d });
      expect(keyAction({ ...base, key: String(d), code: `Numpad${d}` })).toEqual({ action: 'topic', digit: d });
    }
    // AZERTY: the digit row types symbols unless shifted; the physical key still says which.
    expect(keyAction({ ...base, key: '&', code: 'Digit1' })).toEqual({ action: 'topic', digit: 1 });
    expect(keyAction({ ...base, key: '0', code: 'Digit0' })).toBeNull();
  });

  it('when a hot key is pressed twice while its action runs, then the action runs once; a key another handler took is left alone', async () => {
    let calls = 0;
    let finish = () => {};
    const digits: number[] = [];
    const Page = defineComponent({
      setup() {
        useHotKeys({
          hangup: () => new Promise<void>((resolve) => { calls += 1; finish = resolve; }),
          topic: (key) => void digits.push(key.digit ?? 0),
        });
        return () => h('div');
      },
    });
    const wrapper = mount(Page, { attachTo: document.body });
    press('h');
    await Promise.resolve();
    press('h');
    await Promise.resolve();
    expect(calls).toBe(1);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    press('h');
    await Promise.resolve();
    expect(calls).toBe(2);

    const taken = new KeyboardEvent('keydown', { key: '4', bubbles: true, cancelable: true });
    taken.preventDefault();
    window.dispatchEvent(taken);
    press('5');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(digits).toEqual([5]);
    wrapper.unmount();
    press('5');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(digits).toEqual([5]);
  });
});
