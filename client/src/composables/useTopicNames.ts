import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { topicsApi } from '../api/topics';

const english = ref<ReadonlyMap<string, string>>(new Map());
let loading: Promise<void> | null = null;

/**
 * Topic names in the console's language. Requests and cards carry the Ukrainian name; the reference data
 * (fetched once per page load) has an English name for most topics, which the English console shows.
 */
export function useTopicNames() {
  const { locale } = useI18n();
  loading ??= topicsApi
    .list()
    .then((topics) => {
      english.value = new Map(topics.filter((t) => t.nameEn).map((t) => [t.code, t.nameEn as string]));
    })
    .catch(() => {
      loading = null;
    });

  function topicName(topic: { code: string; name: string }): string {
    return locale.value === 'en' ? (english.value.get(topic.code) ?? topic.name) : topic.name;
  }
  return { topicName };
}
