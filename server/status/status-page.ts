import type { PublicStatus } from './status.repository';
import { STATUS_WORDS, type StatusLang } from './status-words';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const dateTime = (iso: string, lang: StatusLang) =>
  new Intl.DateTimeFormat(lang === 'uk' ? 'uk-UA' : 'en-GB', { timeZone: 'Europe/Kyiv', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export interface PageState {
  lang: StatusLang;
  number?: string;
  phone4?: string;
  status?: PublicStatus;
  /** One line above the form: an error, or what the last action did. */
  message?: { kind: 'error' | 'ok'; text: string };
  telegramBot?: string | null;
}

/**
 * The whole page: plain HTML forms and a few lines of CSS, no script. It loads nothing of the console, works
 * without JavaScript, and the number and digits travel in the form (never in a cookie or the address).
 */
export function renderStatusPage(s: PageState): string {
  const w = STATUS_WORDS[s.lang];
  const hidden = `<input type="hidden" name="lang" value="${s.lang}">` +
    (s.status ? `<input type="hidden" name="number" value="${esc(s.status.number)}"><input type="hidden" name="phone4" value="${esc(s.phone4)}">` : '');
  const other: StatusLang = s.lang === 'uk' ? 'en' : 'uk';
  return `<!doctype html>
<html lang="${s.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(w.title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1f24}
main{max-width:40rem;margin:0 auto;padding:1rem}
section{background:#fff;border:1px solid #d8dce1;border-radius:8px;padding:1rem;margin:1rem 0}
label{display:block;margin:.5rem 0}input,select,textarea{font:inherit;padding:.4rem;max-width:100%;box-sizing:border-box}
textarea{width:100%}button{font:inherit;padding:.4rem 1rem;margin:.25rem .5rem .25rem 0;cursor:pointer}
.error{color:#a01616}.ok{color:#156a2c}dt{font-weight:600}dd{margin:0 0 .5rem}ol{padding-left:1.2rem}
</style></head>
<body><main>
<p><a href="/status?lang=${other}${s.number ? `&number=${encodeURIComponent(s.number)}` : ''}">${other === 'en' ? 'English' : 'Українська'}</a></p>
<h1>${esc(w.title)}</h1>
${s.message ? `<p class="${s.message.kind}" role="${s.message.kind === 'error' ? 'alert' : 'status'}" data-test="status-message">${esc(s.message.text)}</p>` : ''}
${s.status ? statusSection(s, w, hidden) : lookupForm(s, w)}
</main></body></html>`;
}

type Words = (typeof STATUS_WORDS)[StatusLang];

function lookupForm(s: PageState, w: Words): string {
  return `<section><p>${esc(w.intro)}</p>
<form method="post" action="/status" data-test="status-lookup"><input type="hidden" name="lang" value="${s.lang}">
<label>${esc(w.number)} <input name="number" required maxlength="20" value="${esc(s.number)}" placeholder="2026-000042" autocomplete="off"></label>
<label>${esc(w.phone4)} <input name="phone4" required inputmode="numeric" pattern="[0-9]{4}" maxlength="4" autocomplete="off"></label>
<button type="submit">${esc(w.show)}</button></form></section>`;
}

function statusSection(s: PageState, w: Words, hidden: string): string {
  const r = s.status!;
  const steps = r.timeline.map((e) => `<li>${esc(dateTime(e.at, s.lang))}: ${esc(w.stepWords[e.step] ?? e.step)}${e.executor ? ` (${esc(e.executor)})` : ''}</li>`).join('');
  return `<section data-test="status-result"><h2>${esc(r.number)}</h2><dl>
<dt>${esc(w.status)}</dt><dd data-test="status-value" data-status="${esc(r.status)}">${esc(w.statuses[r.status] ?? r.status)}</dd>
<dt>${esc(w.topic)}</dt><dd>${esc(r.topic)}</dd>
${r.executor ? `<dt>${esc(w.executor)}</dt><dd>${esc(r.executor)}</dd>` : ''}
${r.dueAt ? `<dt>${esc(w.due)}</dt><dd>${esc(dateTime(r.dueAt, s.lang))}</dd>` : ''}
${r.answer ? `<dt>${esc(w.answer)}</dt><dd>${esc(r.answer)}</dd>` : ''}
</dl><h3>${esc(w.steps)}</h3><ol>${steps}</ol></section>
${r.status === 'done' ? verdictForms(w, hidden) : ''}
${notifyForms(s, w, hidden)}`;
}

function verdictForms(w: Words, hidden: string): string {
  const options = [5, 4, 3, 2, 1].map((n) => `<option value="${n}">${n}</option>`).join('');
  return `<section data-test="status-verdict"><h2>${esc(w.resolvedQ)}</h2>
<form method="post" action="/status/verdict">${hidden}<input type="hidden" name="verdict" value="confirm">
<label>${esc(w.satisfaction)} <select name="satisfaction">${options}</select></label>
<button type="submit" data-test="status-confirm">${esc(w.yes)}</button></form>
<form method="post" action="/status/verdict">${hidden}<input type="hidden" name="verdict" value="not_fixed">
<label>${esc(w.comment)} <textarea name="comment" required maxlength="1000" rows="3" data-test="status-comment"></textarea></label>
<button type="submit" data-test="status-not-fixed">${esc(w.notFixed)}</button></form></section>`;
}

function notifyForms(s: PageState, w: Words, hidden: string): string {
  const r = s.status!;
  return `<section data-test="status-notify"><h2>${esc(w.notifyTitle)}</h2><p>${esc(w.notifyIntro)}</p>
<form method="post" action="/status/consent">${hidden}<input type="hidden" name="channel" value="email"><input type="hidden" name="consented" value="true">
<label>${esc(w.email)} <input type="email" name="email" required maxlength="254"></label><button type="submit">${esc(w.emailOn)}</button></form>
<form method="post" action="/status/consent">${hidden}<input type="hidden" name="channel" value="sms"><input type="hidden" name="consented" value="true">
<button type="submit">${esc(w.smsOn)}</button></form>
<form method="post" action="/status/consent">${hidden}<input type="hidden" name="channel" value="email"><input type="hidden" name="consented" value="false">
<button type="submit">${esc(w.email)}: ${esc(w.off)}</button></form>
<form method="post" action="/status/consent">${hidden}<input type="hidden" name="channel" value="sms"><input type="hidden" name="consented" value="false">
<button type="submit">${esc(w.smsOff)}</button></form>
${s.telegramBot ? `<p>${esc(w.telegram)} <code>${esc(r.number)} ${esc(s.phone4)}</code> → @${esc(s.telegramBot)}</p>` : ''}
</section>`;
}
