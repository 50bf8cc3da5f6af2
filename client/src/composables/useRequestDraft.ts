import { computed, reactive, ref, watch } from 'vue';
import { ApiError } from '../api/http';
import { routingApi, type SuggestedExecutor } from '../api/routing';
import { requestsApi, type IntakeFlagHit, type NewRequest } from '../api/requests';
import type { AppealRequest, Category, Kind, Source, Subject } from '../api/types';

export const DESCRIPTION_MAX = 4000;
/** Sources that arrive with the sender's own registration number. */
export const NUMBERED_SOURCES: readonly Source[] = ['ukc1545', 'regional_hotline'];

export interface DraftPrefill {
  citizenId?: number | null;
  fullName?: string | null;
  phone?: string | null;
  address?: string | null;
  district?: string | null;
}

export interface Draft {
  fullName: string;
  phone: string;
  citizenAddress: string;
  topicCode: string | null;
  address: string;
  district: string;
  description: string;
  source: Source;
  externalNumber: string;
  kind: Kind | '';
  subject: Subject;
  /** '' = as the source implies (calls are service requests, letters are appeals). */
  category: Category | '';
  addressee: string;
  signatories: number | null;
  noStudy: boolean;
  /** null = the executor the rules suggest */
  executorId: number | null;
}

/** Server field paths (zod) → the draft field they belong to. */
const FIELD_ALIASES: Record<string, keyof Draft> = {
  'citizen.fullName': 'fullName',
  'citizen.phone': 'phone',
  'citizen.address': 'citizenAddress',
  topicCode: 'topicCode',
  topic: 'topicCode',
  executorId: 'executorId',
};

export function fieldOf(path: string): string {
  return FIELD_ALIASES[path] ?? path;
}

/** Errors the form can tell before asking the server; values are i18n keys. */
export function validateDraft(draft: Draft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.subject !== 'anonymous' && !draft.fullName.trim()) errors.fullName = 'form.required';
  if (!draft.topicCode) errors.topicCode = 'form.required';
  if (!draft.description.trim()) errors.description = 'form.required';
  else if (draft.description.length > DESCRIPTION_MAX) errors.description = 'form.tooLong';
  if (draft.subject === 'collective' && (!draft.signatories || draft.signatories < 2)) errors.signatories = 'form.required';
  if (NUMBERED_SOURCES.includes(draft.source) && !draft.externalNumber.trim()) errors.externalNumber = 'form.required';
  return errors;
}

export function draftToBody(draft: Draft, citizenId: number | null, callId: string | null): NewRequest {
  const body: NewRequest = {
    topicCode: draft.topicCode ?? '',
    description: draft.description,
    source: draft.source,
    subject: draft.subject,
    needsStudy: !draft.noStudy,
  };
  // The server takes one or the other: with a phone it finds the citizen by it and updates name and address.
  if (draft.subject !== 'anonymous') {
    if (draft.phone.trim() || citizenId === null) {
      body.citizen = { fullName: draft.fullName.trim(), phone: draft.phone.trim() };
      if (draft.citizenAddress.trim()) body.citizen.address = draft.citizenAddress.trim();
    } else {
      body.citizenId = citizenId;
    }
  }
  if (NUMBERED_SOURCES.includes(draft.source) && draft.externalNumber.trim()) body.externalNumber = draft.externalNumber.trim();
  if (draft.address.trim()) body.address = draft.address.trim();
  if (draft.district) body.district = draft.district;
  if (draft.kind) body.kind = draft.kind;
  if (draft.category) body.category = draft.category;
  if (draft.addressee) body.addressee = draft.addressee;
  if (draft.subject === 'collective' && draft.signatories) body.signatories = draft.signatories;
  if (draft.executorId !== null) body.executorId = draft.executorId;
  if (callId) body.callId = callId;
  return body;
}

export function useRequestDraft(prefill: DraftPrefill, callId: string | null) {
  const draft = reactive<Draft>({
    fullName: prefill.fullName ?? '',
    phone: prefill.phone ?? '',
    citizenAddress: prefill.address ?? '',
    topicCode: null,
    address: prefill.address ?? '',
    district: prefill.district ?? '',
    description: '',
    source: 'call',
    externalNumber: '',
    kind: '',
    subject: 'individual',
    category: '',
    addressee: '',
    signatories: null,
    noStudy: false,
    executorId: null,
  });
  const citizenId = prefill.citizenId ?? null;
  const localErrors = ref<Record<string, string>>({});
  const serverErrors = ref<Record<string, string>>({});
  const flags = ref<IntakeFlagHit[]>([]);
  const flagsChecked = ref(false);
  const suggestion = ref<SuggestedExecutor | null | undefined>(undefined);
  const saving = ref(false);
  const failure = ref<unknown>(null);

  let suggestCounter = 0;
  watch(
    () => [draft.topicCode, draft.district] as const,
    async ([topic, district]) => {
      const id = ++suggestCounter;
      suggestion.value = undefined;
      if (!topic) return;
      try {
        const answer = await routingApi.suggest(topic, district || null);
        if (id === suggestCounter) suggestion.value = answer.executor;
      } catch {
        if (id === suggestCounter) suggestion.value = null;
      }
    },
  );
  watch(draft, () => {
    flagsChecked.value = false;
  });

  const descriptionLength = computed(() => draft.description.length);

  function body(): NewRequest {
    return draftToBody(draft, citizenId, callId);
  }

  function validate(): boolean {
    localErrors.value = validateDraft(draft);
    serverErrors.value = {};
    return Object.keys(localErrors.value).length === 0;
  }

  function absorb(error: unknown): void {
    failure.value = error;
    if (error instanceof ApiError && error.status === 400) {
      serverErrors.value = Object.fromEntries(Object.entries(error.fields).map(([path, why]) => [fieldOf(path), why]));
    }
  }

  /** Asks the server for intake flags; true when there is nothing to show and we may save. */
  async function check(): Promise<boolean> {
    if (!validate()) return false;
    saving.value = true;
    failure.value = null;
    try {
      flags.value = (await requestsApi.check(body())).flags;
      flagsChecked.value = true;
      return flags.value.length === 0;
    } catch (error) {
      absorb(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function save(): Promise<AppealRequest | null> {
    if (!validate()) return null;
    saving.value = true;
    failure.value = null;
    try {
      return await requestsApi.create(body());
    } catch (error) {
      absorb(error);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { draft, localErrors, serverErrors, flags, flagsChecked, suggestion, saving, failure, descriptionLength, check, save };
}
