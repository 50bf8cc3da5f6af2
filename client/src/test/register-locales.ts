import en from '../i18n/en';
import { registerLocaleMessages } from '../i18n';

// The console fetches a language other than Ukrainian when it is chosen; tests make both at once, synchronously.
registerLocaleMessages('en', en);
