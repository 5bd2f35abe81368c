// Message catalogues and formatting. Swedish is the default; the choice is kept in localStorage
// and sets <html lang>. Every text on screen comes from messages/sv.js or messages/en.js.

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

export function getLang() { return lang; }
export function locale() { return locales[lang]; }

export function setLang(next) {
  if (!catalogues[next]) return;
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not kept, still switched */ }
  document.documentElement.lang = next;
}

/** The text of `key` with {name} placeholders filled in; the key itself when it is missing. */
export function t(key, params) {
  const text = catalogues[lang][key] ?? catalogues.sv[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Whether the catalogue has `key` (for optional labels such as error codes). */
export function has(key) { return key in catalogues[lang]; }

/** "25 november 2022 10:00–16:00 (Europe/Stockholm)": a meeting's time in its own zone. */
export function formatRange(startsAt, endsAt, zone) {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = { timeZone: zone, dateStyle: 'full' };
  const time = { timeZone: zone, hour: '2-digit', minute: '2-digit' };
  const sameDay = start.toLocaleDateString(locale(), day) === end.toLocaleDateString(locale(), day);
  const from = `${start.toLocaleDateString(locale(), day)} ${start.toLocaleTimeString(locale(), time)}`;
  const to = sameDay ? end.toLocaleTimeString(locale(), time)
    : `${end.toLocaleDateString(locale(), day)} ${end.toLocaleTimeString(locale(), time)}`;
  return `${from}–${to} (${zone})`;
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

/** A protocol error as a sentence in the current language. */
export function errorText(err) {
  if (!err) return t('error.generic');
  const key = `error.${err.code}`;
  let text = has(key) ? t(key) : (err.message || t('error.generic'));
  const fieldName = err.details && err.details.field;
  if (fieldName && err.code === 'invalid_args') text += ` ${t('error.field', { field: fieldName })}`;
  if (err.message && err.code !== 'offline' && err.code !== 'timeout') text += ` (${err.message})`;
  return text;
}
