import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RecordingChange } from '../../../server/realtime/contract';
import { recordingsApi } from '../api/recordings';
import type { EventOf } from '../realtime/events';

/** The recordings of the calls this console is told about (its own call; every call for supervisors). */
export const useRecordingsStore = defineStore('recordings', () => {
  const byCall = ref<Record<string, RecordingChange>>({});
  /** The last refusal of a pause or resume, for the agent to read. */
  const error = ref<unknown>(null);

  function apply(event: EventOf<'recording:changed'>): void {
    const known = byCall.value[event.data.callId];
    // Events of one call come in order; a late one never rewinds a newer state.
    if (known && known.at > event.data.at) return;
    byCall.value = { ...byCall.value, [event.data.callId]: event.data };
  }

  async function setPaused(callId: string, paused: boolean): Promise<void> {
    error.value = null;
    try {
      await recordingsApi.pause(callId, paused);
    } catch (failure) {
      error.value = failure;
    }
  }

  return { byCall, error, apply, setPaused };
});
