import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setFieldWords, setUnauthorizedHandler } from './api/http';
import { i18n, loadLocale } from './i18n';
import { fieldWords } from './i18n/reasons';
import { startRealtime, stopRealtime } from './realtime';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
const router = createAppRouter();
app.use(router);

const session = useSessionStore(pinia);
session.onLogin(() => startRealtime(pinia));
session.onLogout(() => stopRealtime(pinia));
setFieldWords(fieldWords);
setUnauthorizedHandler(() => {
  if (!session.isSignedIn) return;
  session.forget();
  void router.push({ name: 'login' });
});

// A remembered language other than Ukrainian is fetched before the first paint, so nothing flashes in the other one.
void loadLocale(i18n.global.locale.value).finally(() => app.mount('#app'));
