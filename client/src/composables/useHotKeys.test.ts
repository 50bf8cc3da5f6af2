// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { keyAction, useHotKeys } from './useHotKeys';

const press = (key: string, o: Partial<KeyboardEventInit> = {}, target: EventTarget = window) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...o }));

describe('hot keys', () => {
  it('when a key is pressed in a field, then nothing happens unless Alt is held; Ctrl and repeats never count', () => {
    const input = document.createElement('input');
    const base = { altKey: false, ctrlKey: false, metaKey: false, repeat: false };
    expect(keyAction({ ...base, key: 'h', target: document.body })).toBe('hangup');
    expect(keyAction({ ...base, key: 'h', target: input })).toBeNull();
    expect(keyAction({ ...base, key: 'h', altKey: true, target: input })).toBe('hangup');
    expect(keyAction({ ...base, key: 'h', ctrlKey: true, target: document.body })).toBeNull();
    expect(keyAction({ ...base, key: 'h', repeat: true, target: document.body })).toBeNull();
    expect(keyAction({ ...base, key: '?', target: document.body })).toBe('help');
  });

  it('when a hot key is pressed twice while its action runs, then the action runs once', async () => {
    let calls = 0;
    let finish = () => {};
    const Page = defineComponent({
      setup() {
        useHotKeys({ hangup: () => new Promise<void>((resolve) => { calls += 1; finish = resolve; }) });
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
    wrapper.unmount();
  });
});
