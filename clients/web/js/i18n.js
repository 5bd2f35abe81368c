// Message catalogues and formatting. Swedish is the default; the choice is kept in localStorage
// and sets <html lang>. Every text on screen comes from messages/sv.js or messages/en.js.
//
// A catalogue entry is a string with {name} placeholders, or, for a text with a count, an object
// of plural forms chosen by Intl.PluralRules for the language ({one: '1 röst', other: '{n}
// röster'}): pass the count as a number in `n` (or name another parameter with `count`).

import sv from './messages/sv.js';
import en from './messages/en.js';

const catalogues = { sv, en };
const locales = { sv: 'sv-SE', en: 'en-GB' };
const STORAGE_KEY = 'traffpunkt.lang';

let lang = 'sv';
try {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && catalogues[saved]) lang = saved;
} catch { /* storage may be disabled: stay Swedish */ }

const pluralRules = new Map();
function pluralOf(n) {
  if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(locales[lang]));
  return pluralRules.get(lang).select(n);
}

export function getLang() { return lang; }
export function locale() { return locales[lang]; }

export function setLang(next) {
  if (!catalogues[next]) return;
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not kept, still switched */ }
  document.documentElement.lang = next;
}

/**
 * The text of `key` with {name} placeholders filled in; the key itself when it is missing.
 * Numbers among the parameters are written the language's way (1 000 / 1,000).
 */
export function t(key, params) {
  let text = catalogues[lang][key] ?? catalogues.sv[key] ?? key;
  if (text && typeof text === 'object') {
    const count = params ? Number(params[params.count || 'n']) : NaN;
    text = text[Number.isFinite(count) ? pluralOf(count) : 'other'] ?? text.other;
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

/** Whether the catalogue has `key` (for optional labels such as error codes). */
export function has(key) { return key in catalogues[lang]; }

/** The zone this browser shows times in. */
export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch { return ''; }
}

/**
 * "25 november 2022 10:00–16:00": a meeting's time in its own zone, with the zone named only
 * when it is not the browser's (a visitor from elsewhere must not misread it).
 */
export function formatRange(startsAt, endsAt, zone) {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = { timeZone: zone, dateStyle: 'full' };
  const time = { timeZone: zone, hour: '2-digit', minute: '2-digit' };
  const sameDay = start.toLocaleDateString(locale(), day) === end.toLocaleDateString(locale(), day);
  const from = `${start.toLocaleDateString(locale(), day)} ${start.toLocaleTimeString(locale(), time)}`;
  const to = sameDay ? end.toLocaleTimeString(locale(), time)
    : `${end.toLocaleDateString(locale(), day)} ${end.toLocaleTimeString(locale(), time)}`;
  return zone === browserZone() ? `${from}–${to}` : `${from}–${to} (${zone})`;
}

/** "10:15": a time of day in a zone. */
export function formatTime(instant, zone) {
  return new Date(instant).toLocaleTimeString(locale(), { timeZone: zone, hour: '2-digit', minute: '2-digit' });
}

/** "25 nov. 2022" for dates (YYYY-MM-DD) and instants. */
export function formatDate(value, zone) {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return d.toLocaleDateString(locale(), { timeZone: zone || 'UTC', dateStyle: 'medium' });
}

/** "25 nov. 2022 10:15" for an instant in the browser's zone. */
export function formatDateTime(value, zone) {
  return new Date(value).toLocaleString(locale(), { timeZone: zone || undefined, dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(n) { return Number(n).toLocaleString(locale()); }

/** "60 000 kr" / "SEK 60,000": a whole (or, with digits, decimal) amount in the current language. */
export function formatMoney(n, currency = 'SEK', digits = 0) {
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency: currency || 'SEK',
      minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(n));
  } catch {
    return `${formatNumber(n)} ${currency}`;
  }
}

/**
 * A protocol error as a sentence in the current language, never with the server's (English)
 * message inside: the most specific of `error.<code>.<field>`, `error.<code>`, then a general
 * sentence. The field, when the catalogue has a label for it (`field.<name>`), is named in the
 * language too. The server's message is for errorDetails().
 */
export function errorText(err) {
  if (!err) return t('error.generic');
  const field = err.details && err.details.field ? String(err.details.field) : '';
  const leaf = field.replace(/\[\d+\]/g, '').split('.').pop();
  for (const key of [`error.${err.code}.${field}`, `error.${err.code}.${leaf}`]) {
    if (field && has(key)) return t(key);
  }
  let text = has(`error.${err.code}`) ? t(`error.${err.code}`) : t('error.generic');
  if (field && err.code === 'invalid_args') {
    text += ` ${has(`field.${leaf}`) ? t('error.field', { field: t(`field.${leaf}`) }) : t('error.field.unnamed')}`;
  }
  return text;
}

/** What a developer needs (code, field, the server's own message), for a details element. */
export function errorDetails(err) {
  if (!err || err.code === 'offline' || err.code === 'timeout') return '';
  const parts = [err.code];
  if (err.details && err.details.field) parts.push(`field: ${err.details.field}`);
  if (err.message) parts.push(err.message);
  return parts.join(' · ');
}
