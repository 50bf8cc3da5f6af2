import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { apiErrorKey } from '../utils/errors';

/**
 * A page's buttons that call the API: one at a time (`busy`), the failure told in words (`error`), and the
 * page's data read again after each (`reload`), so what is shown is what the server now holds.
 */
export function useAction(reload: () => Promise<void>) {
  const { t } = useI18n();
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function act(work: () => Promise<unknown>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await work();
      await reload();
    } catch (e) {
      error.value = t(apiErrorKey(e));
    } finally {
      busy.value = false;
    }
  }

  /** Reads the page's data, telling a failure in words. */
  const load = () => reload().catch((e: unknown) => void (error.value = t(apiErrorKey(e))));

  return { busy, error, act, load };
}
