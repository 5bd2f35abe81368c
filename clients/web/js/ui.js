// Interaction pieces the pages share: feedback next to the form that was sent (focus moves to
// it), errors as sentences with the server's message folded away, a confirmation dialog, a copy
// button, and a request wrapper that ties them together.

import { h, patch, uid } from './dom.js';
import { t, errorText, errorDetails } from './i18n.js';

/**
 * An error as a sentence in the page's language; the server's own message (English, for
 * whoever debugs) only inside a closed details element.
 */
export function errorBox(err, { alert = true } = {}) {
  const details = errorDetails(err);
  return h('div', { class: 'error', role: alert ? 'alert' : null, dataset: { code: err && err.code } },
    h('p', null, errorText(err)),
    details ? h('details', { class: 'error-details' }, h('summary', null, t('error.details')), h('p', { lang: 'en' }, details)) : null);
}

/**
 * The feedback area of one form: put it right after the form's button. `ok(text)` and
 * `fail(err)` fill it and move keyboard focus there, so a screen reader reads it and a
 * keyboard user continues from it; `busy()` says that it is being sent.
 */
export function feedback(id) {
  const el = h('div', { class: 'feedback', id: id || uid('feedback'), tabindex: '-1', 'aria-live': 'polite' });
  const show = (node, focus) => {
    patch(el, node);
    if (focus) el.focus();
  };
  return {
    el,
    busy() { show(h('p', { class: 'muted' }, t('app.sending')), false); },
    ok(text, { focus = true } = {}) { show(h('p', { class: 'notice' }, text), focus); },
    fail(err, { focus = true } = {}) { show(errorBox(err, { alert: false }), focus); },
    clear() { patch(el); },
  };
}

/**
 * Sends a request for a form: feedback says "sending", then the answer (okText may be a
 * function of the result); the submit button is disabled meanwhile. Resolves with the result,
 * or null after an error (already shown).
 */
export async function send(fb, promise, okText, { button, focus = true } = {}) {
  fb.busy();
  if (button) button.disabled = true;
  try {
    const res = await promise;
    const text = typeof okText === 'function' ? okText(res) : okText;
    if (text) fb.ok(text, { focus }); else fb.clear();
    return res;
  } catch (err) {
    fb.fail(err, { focus });
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * Asks before doing something that cannot be undone: a modal <dialog> (focus stays inside,
 * Escape cancels) with the question, an explanation and two buttons; the safe one has focus.
 * Resolves true when confirmed.
 */
export function confirmDialog({ title, body, confirm, cancel = t('app.cancel'), danger = true }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const bodyId = uid('dialog-body');
    const no = h('button', { type: 'button', class: 'dialog-cancel' }, cancel);
    const yes = h('button', { type: 'button', class: danger ? 'danger dialog-confirm' : 'primary dialog-confirm' }, confirm);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId }, Array.isArray(body) ? body.map(p => h('p', null, p)) : h('p', null, body)),
      h('div', { class: 'actions' }, no, yes));
    const back = document.activeElement;
    let answered = false;
    const done = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (back && back.isConnected) back.focus();
      resolve(value);
    };
    no.addEventListener('click', () => done(false));
    yes.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * Asks for a value before an action: a modal <dialog> with a form (`fields`: the labelled
 * controls, built by the caller and read after it resolves), a cancel and a confirm button.
 * Focus goes to the first control; Enter in a text field confirms, Escape cancels. Resolves
 * true when confirmed.
 */
export function formDialog({ title, body, fields, confirm, cancel = t('app.cancel'), danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const bodyId = uid('dialog-body');
    const no = h('button', { type: 'button', class: 'dialog-cancel' }, cancel);
    const yes = h('button', { type: 'submit', class: danger ? 'danger dialog-confirm' : 'primary dialog-confirm' }, confirm);
    const form = h('form', { class: 'form', method: 'dialog' },
      body ? h('div', { id: bodyId }, Array.isArray(body) ? body.map(p => h('p', null, p)) : h('p', null, body)) : null,
      fields,
      h('div', { class: 'actions' }, no, yes));
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': body ? bodyId : null },
      h('h2', { id: titleId }, title), form);
    const back = document.activeElement;
    let answered = false;
    const done = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (back && back.isConnected) back.focus();
      resolve(value);
    };
    no.addEventListener('click', () => done(false));
    form.addEventListener('submit', (e) => { e.preventDefault(); done(true); });
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    (first || no).focus();
  });
}

/** Copies text; falls back to selecting a field and execCommand where the API is missing. */
export async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
}

/**
 * A read-only field with a value to hand on (a personal link, a feed URL) and a button that
 * copies it, with a polite "Kopierat" next to the button.
 */
export function copyField(label, value, { id, hint } = {}) {
  const fid = id || uid('copy');
  const input = h('input', { type: 'text', id: fid, readonly: true, value, class: 'copy-value', 'aria-describedby': hint ? `${fid}-hint` : null });
  const said = h('span', { class: 'copied', role: 'status' });
  const button = h('button', { type: 'button', id: `${fid}-copy`, class: 'copy-button' }, t('app.copy'));
  button.addEventListener('click', async () => {
    const ok = await copyText(value, input);
    said.textContent = ok ? t('app.copied') : t('app.copy.failed');
    setTimeout(() => { said.textContent = ''; }, 4000);
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'field copy-field' },
    h('label', { for: fid }, label),
    hint ? h('p', { class: 'hint', id: `${fid}-hint` }, hint) : null,
    h('div', { class: 'copy-row' }, input, button, said));
}

/**
 * A button text "Ändra: Lunch" shown as "Ändra", with the whole text as the button's name
 * (aria-label): rows of items that each have the same buttons stay readable, and every button
 * still says which item it acts on. The visible part starts the name (WCAG 2.5.3).
 */
export function labelled(text) {
  const i = text.indexOf(': ');
  return i < 0 ? text : { visible: text.slice(0, i), label: text };
}
