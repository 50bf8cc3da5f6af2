/** When this build's Open311 interface last changed (discovery's `changeset`, a sortable string in the past). */
export const OPEN311_CHANGESET = '2026-12-07T00:00:00+02:00';

/** Service Discovery: where GeoReport v2 is served, in which formats, and how a partner gets a key. */
export function discoveryOf(origin: string, contact: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact,
    key_service: 'Ключ API видає адміністратор контактного центру міської ради на запит партнера (лист на адресу ради).',
    endpoints: [{
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${origin.replace(/\/$/, '')}/open311/v2`,
      changeset: OPEN311_CHANGESET,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    }],
  };
}
