// Minutes for the meeting's facilitators and coordinators: edit and save (each save a version),
// submit for review, reopen; coordinators approve. Every change names the version it starts
// from; when someone else changed the minutes meanwhile, the server refuses (conflict) and the
// editor shows their text next to ours, keeps ours in the box, and lets the writer save over
// theirs once they have merged. Approved minutes are read-only (and public on the meeting page).
// The version a save names is the one the text in the box was read from (or last saved as, or
// shown in a conflict): a change elsewhere while someone types moves the status line on, not
// that base, so their save still meets the conflict instead of writing over the other change.
// Other parts of the console add text through `editText` (the audience questions' section).

import { h, patch, field, idemKey } from './dom.js';
import { t, formatDateTime } from './i18n.js';
import { feedback, send } from './ui.js';

export function minutesEditor(conn, meetingId, { coordinator }) {
  const el = h('div', { class: 'minutes-editor' });
  const fb = feedback('minutes-feedback');
  const state = h('p', { class: 'minutes-state', id: 'minutes-state' });
  const text = field(t('minutes.text'), 'textarea', { id: 'minutes-text', rows: 10, maxlength: 40000, hint: t('minutes.text.hint') });
  const buttons = h('div', { class: 'actions' });
  const other = h('div', { id: 'minutes-conflict' });
  el.append(state, text.wrap, buttons, fb.el, other);
  let minutes = null;
  let base = null;  // the version the box's text is based on
  let dirty = false;
  text.input.addEventListener('input', () => { dirty = true; });

  function render() {
    if (!minutes) return;
    state.textContent = t(`minutes.status.${minutes.status}`, { version: minutes.version, when: minutes.updated_at ? formatDateTime(minutes.updated_at) : '' });
    const approved = minutes.status === 'approved';
    text.input.readOnly = approved;
    if (!dirty && minutes.text !== undefined) { text.input.value = minutes.text; base = minutes.version; }
    const b = [];
    if (!approved) b.push(h('button', { type: 'button', class: 'primary', id: 'minutes-save', onclick: () => save() }, t('minutes.save')));
    if (minutes.status === 'draft') b.push(h('button', { type: 'button', id: 'minutes-submit', onclick: () => step('minutes.submit', 'minutes.submitted') }, t('minutes.submit')));
    if (minutes.status === 'for_review') {
      b.push(h('button', { type: 'button', id: 'minutes-reopen', onclick: () => step('minutes.reopen', 'minutes.reopened') }, t('minutes.reopen')));
      if (coordinator) b.push(h('button', { type: 'button', class: 'primary', id: 'minutes-approve', onclick: () => step('minutes.approve', 'minutes.approved') }, t('minutes.approve')));
    }
    patch(buttons, b);
  }

  function conflict(err) {
    const current = err.details && err.details.minutes;
    if (!current) return false;
    minutes = current;
    // The writer has their text in front of them now: the next save may go over it.
    base = current.version;
    patch(other, h('div', { class: 'warning-box' },
      h('p', null, t('minutes.conflict', { version: current.version })),
      current.text !== undefined ? h('details', { open: true }, h('summary', null, t('minutes.conflict.theirs')), h('pre', { class: 'minutes-theirs' }, current.text)) : null,
      h('p', null, t('minutes.conflict.help'))));
    render();
    return true;
  }

  /** Saves the box's text; the answer goes to `target` (this editor's feedback by default). */
  async function save(target = fb, okText = r => t('minutes.saved', { version: r.minutes.version })) {
    patch(other);
    const res = await send(target, conn.request('minutes.edit', { meeting_id: meetingId, base_version: base ?? minutes.version, text: text.input.value }, { idem: idemKey('min') })
      .catch((err) => { if (err.code === 'conflict' && conflict(err)) throw { code: 'minutes_conflict', message: err.message }; throw err; }),
    okText);
    if (res) { minutes = res.minutes; base = res.minutes.version; dirty = false; render(); }
    return res;
  }

  async function step(op, ok) {
    patch(other);
    if (dirty && !minutes.status.startsWith('approved')) { await save(); if (dirty) return; }
    const res = await send(fb, conn.request(op, { meeting_id: meetingId, version: minutes.version }, { idem: idemKey('mst') })
      .catch((err) => { if (err.code === 'conflict' && conflict(err)) throw { code: 'minutes_conflict', message: err.message }; throw err; }),
    t(ok));
    if (res) { minutes = res.minutes; render(); }
  }

  return {
    el,
    /**
     * Changes the text in the box with `change(text) -> text` (unsaved typing included) and saves
     * it, answering in `target` with `okText(result)`. Approved minutes are not changed. Resolves
     * with the answer, or null (the reason is shown in `target`; a conflict also here, as a save
     * of one's own would show it).
     */
    async editText(change, { target = fb, okText } = {}) {
      if (!minutes) { target.fail({ code: 'offline', message: '' }); return null; }
      if (minutes.status === 'approved') { target.fail({ code: 'minutes_approved', message: '' }); return null; }
      text.input.value = change(text.input.value);
      dirty = true;
      return save(target, okText);
    },
    /** The minutes from the meeting:M snapshot or a minutes.changed event. */
    update(next) {
      if (!next) return;
      if (minutes && next.version < minutes.version) return;
      // Events carry no text of unapproved minutes: keep the text we have.
      const keepText = next.text === undefined && minutes && minutes.text !== undefined && next.version === minutes.version;
      minutes = keepText ? { ...next, text: minutes.text } : next;
      if (next.text === undefined && !keepText) {
        conn.request('minutes.get', { meeting_id: meetingId }).then((r) => { minutes = r.minutes; render(); }, () => {});
      }
      render();
    },
  };
}
