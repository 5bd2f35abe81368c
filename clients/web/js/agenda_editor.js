// The agenda editor, for coordinators (meeting editor) and facilitators (console): add, edit,
// move (up/down buttons, so the keyboard can reorder too; focus follows the item) and remove
// items with their times, kinds, presenters and linked documents and polls. The server's
// warnings (overlap, out of order, outside the meeting) are shown at the items they concern.

import { h, patch, field, idemKey } from './dom.js';
import { t, formatTime, has } from './i18n.js';
import { feedback, send, confirmDialog, labelled } from './ui.js';
import { wallToInstant, instantToWall } from './zone.js';

const KINDS = ['talk', 'discussion', 'workshop', 'break', 'poll'];

/** "Anna Lindqvist, Kalmar kommun" per line -> presenters; and back. */
function parsePresenters(text) {
  return text.split('\n').map(x => x.trim()).filter(Boolean).map((line) => {
    const comma = line.indexOf(',');
    return comma === -1 ? { name: line } : { name: line.slice(0, comma).trim(), organisation: line.slice(comma + 1).trim() };
  });
}
function presentersText(list) {
  return (list || []).map(p => [p.name, p.organisation].filter(Boolean).join(', ')).join('\n');
}

/**
 * The editor for one meeting. `sources()` gives {documents, polls} to link (may be empty);
 * call `update(agenda, meeting)` whenever either changes (the meeting:M topic).
 */
export function agendaEditor(conn, { sources = () => ({ documents: [], polls: [] }) } = {}) {
  const el = h('div', { class: 'agenda-editor', id: 'agenda-editor' });
  const listBox = h('div', { id: 'agenda-editor-list' });
  const addBox = h('div', { id: 'agenda-editor-add' });
  const fb = feedback('agenda-feedback');
  el.append(listBox, fb.el, addBox);
  let agenda = null;
  let meeting = null;
  let editing = null;  // item id being edited
  let focusAfter = null;

  const multiDay = () => meeting && instantToWall(meeting.starts_at, meeting.zone).slice(0, 10) !== instantToWall(meeting.ends_at, meeting.zone).slice(0, 10);
  const day = () => instantToWall(meeting.starts_at, meeting.zone).slice(0, 10);

  function warningsOf(itemId) {
    // "Out of order" belongs to the later item (it starts before the one listed above it).
    return (agenda ? agenda.warnings : []).filter(w => (w.code === 'out_of_order' ? w.item_ids[1] === itemId : w.item_ids.includes(itemId)));
  }

  function warningText(w, itemId) {
    const other = w.item_ids.filter(x => x !== itemId).map(x => agenda.items.find(i => i.item_id === x)).filter(Boolean);
    const title = other.length ? other[0].title : '';
    const key = `agenda.warning.${w.code}`;
    return has(key) ? t(key, { title }) : t('agenda.warning.other');
  }

  /** The form for a new item or for editing `item`. */
  function itemForm(item) {
    const prefix = item ? `ai-${item.item_id}` : 'ai-new';
    const last = agenda && agenda.items.length ? agenda.items[agenda.items.length - 1] : null;
    const defaultStart = item ? item.starts_at : last ? last.ends_at : meeting.starts_at;
    const wall = instantToWall(defaultStart, meeting.zone);
    const title = field(t('agenda.f.title'), 'text', { id: `${prefix}-title`, required: true, maxlength: 200, value: item ? item.title : '' });
    const kind = field(t('agenda.f.kind'), 'select', { id: `${prefix}-kind`, value: item ? item.kind : 'talk' },
      KINDS.map(k => ({ value: k, label: t(`kind.${k}`) })));
    const start = multiDay()
      ? field(t('agenda.f.start'), 'datetime-local', { id: `${prefix}-start`, required: true, value: wall })
      : field(t('agenda.f.start'), 'time', { id: `${prefix}-start`, required: true, value: wall.slice(11, 16) });
    const duration = field(t('agenda.f.duration'), 'number', { id: `${prefix}-duration`, required: true, min: 1, max: 20160, value: String(item ? item.duration_minutes : 30) });
    const description = field(t('agenda.f.description'), 'textarea', { id: `${prefix}-description`, rows: 2, maxlength: 5000, value: item ? item.description : '' });
    const presenters = field(t('agenda.f.presenters'), 'textarea', { id: `${prefix}-presenters`, rows: 2, value: item ? presentersText(item.presenters) : '', hint: t('agenda.f.presenters.hint') });
    const { documents, polls } = sources();
    const linkBoxes = (list, kindName, chosen, label) => (list.length ? h('fieldset', { class: 'choices' },
      h('legend', null, label),
      list.map((x) => {
        const xid = kindName === 'doc' ? x.document_id : x.poll_id;
        const id = `${prefix}-${kindName}-${xid}`;
        return h('div', { class: 'choice' },
          h('input', { type: 'checkbox', id, value: String(xid), checked: chosen.includes(xid), dataset: { link: kindName } }),
          h('label', { for: id }, kindName === 'doc' ? x.title : x.question));
      })) : null);
    const submit = h('button', { type: 'submit', class: 'primary', id: `${prefix}-save` }, item ? t('agenda.save') : t('agenda.add'));
    const form = h('form', { class: 'form agenda-form', id: `${prefix}-form` },
      item ? null : h('h3', null, t('agenda.new')),
      title.wrap, kind.wrap, h('div', { class: 'form-row' }, start.wrap, duration.wrap), description.wrap, presenters.wrap,
      linkBoxes(documents, 'doc', item ? item.document_ids : [], t('agenda.f.documents')),
      linkBoxes(polls, 'poll', item ? item.poll_ids : [], t('agenda.f.polls')),
      h('div', { class: 'actions' }, submit,
        item ? h('button', { type: 'button', id: `${prefix}-cancel`, onclick: () => { editing = null; focusAfter = `agenda-edit-${item.item_id}`; render(); } }, t('app.cancel')) : null));
    const fbForm = item ? feedback(`${prefix}-feedback`) : fb;
    if (item) form.append(fbForm.el);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      let startsAt;
      try {
        startsAt = wallToInstant(multiDay() ? start.input.value : `${day()}T${start.input.value}`, meeting.zone);
      } catch {
        fbForm.fail({ code: 'invalid_args', message: '', details: { field: 'starts_at' } });
        return;
      }
      const args = {
        title: title.input.value.trim(), kind: kind.input.value, starts_at: startsAt,
        duration_minutes: Number(duration.input.value), description: description.input.value,
        presenters: parsePresenters(presenters.input.value),
        document_ids: [...form.querySelectorAll('input[data-link="doc"]:checked')].map(x => Number(x.value)),
        poll_ids: [...form.querySelectorAll('input[data-link="poll"]:checked')].map(x => Number(x.value)),
      };
      if (item) {
        const res = await send(fbForm, conn.request('agenda.update', { item_id: item.item_id, ...args }, { idem: idemKey('agu') }), null, { button: submit });
        if (res) {
          editing = null;
          focusAfter = `agenda-edit-${item.item_id}`;
          agenda = res.agenda;
          render();
          fb.ok(t('agenda.saved', { title: res.item.title }), { focus: false });
        }
      } else {
        const res = await send(fb, conn.request('agenda.add', { meeting_id: meeting.meeting_id, ...args }, { idem: idemKey('aga') }),
          r => t('agenda.added', { title: r.item.title }), { button: submit });
        if (res) {
          agenda = res.agenda;
          render();
          title.input.focus();
        }
      }
    });
    return form;
  }

  async function move(item, position, focusId) {
    const res = await send(fb, conn.request('agenda.move', { item_id: item.item_id, position }, { idem: idemKey('agm') }),
      t('agenda.moved', { title: item.title, position }), { focus: false });
    if (res) {
      agenda = res.agenda;
      focusAfter = focusId;
      render();
    }
  }

  async function remove(item) {
    const ok = await confirmDialog({ title: t('agenda.remove.title', { title: item.title }), body: t('agenda.remove.body'), confirm: t('agenda.remove.confirm') });
    if (!ok) return;
    const res = await send(fb, conn.request('agenda.remove', { item_id: item.item_id }, { idem: idemKey('agr') }), t('agenda.removed', { title: item.title }));
    if (res) { agenda = res.agenda; render(); }
  }

  function itemRow(item, i, n) {
    if (editing === item.item_id) return h('li', { class: 'agenda-edit-item editing', dataset: { itemId: item.item_id } }, itemForm(item));
    const warnings = warningsOf(item.item_id);
    const presenters = presentersText(item.presenters).replace(/\n/g, '; ');
    const { documents, polls } = sources();
    const linked = [
      ...item.document_ids.map(x => (documents.find(d => d.document_id === x) || { title: `#${x}` }).title),
      ...item.poll_ids.map(x => (polls.find(p => p.poll_id === x) || { question: `#${x}` }).question),
    ];
    return h('li', { class: warnings.length ? 'agenda-edit-item has-warning' : 'agenda-edit-item', dataset: { itemId: item.item_id } },
      h('div', { class: 'agenda-edit-main' },
        h('span', { class: 'agenda-time' }, `${formatTime(item.starts_at, meeting.zone)}–${formatTime(item.ends_at, meeting.zone)}`),
        h('span', { class: 'agenda-title' }, item.title),
        h('span', { class: 'agenda-kind' }, t(`kind.${item.kind}`)),
        presenters ? h('span', { class: 'agenda-presenters' }, presenters) : null,
        linked.length ? h('span', { class: 'agenda-links' }, t('agenda.linked', { list: linked.join(', ') })) : null),
      warnings.map(w => h('p', { class: 'warning', dataset: { warning: w.code } }, warningText(w, item.item_id))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'small', id: `agenda-edit-${item.item_id}`, onclick: () => { editing = item.item_id; focusAfter = `ai-${item.item_id}-title`; render(); } }, labelled(t('agenda.edit', { title: item.title }))),
        h('button', { type: 'button', class: 'small', id: `agenda-up-${item.item_id}`, disabled: i === 0, 'aria-label': t('agenda.up', { title: item.title }),
          onclick: () => move(item, i, i - 1 === 0 ? `agenda-down-${item.item_id}` : `agenda-up-${item.item_id}`) }, '↑'),
        h('button', { type: 'button', class: 'small', id: `agenda-down-${item.item_id}`, disabled: i === n - 1, 'aria-label': t('agenda.down', { title: item.title }),
          onclick: () => move(item, i + 2, i + 2 === n ? `agenda-up-${item.item_id}` : `agenda-down-${item.item_id}`) }, '↓'),
        h('button', { type: 'button', class: 'small danger', id: `agenda-remove-${item.item_id}`, onclick: () => remove(item) }, labelled(t('agenda.remove', { title: item.title })))));
  }

  function render() {
    if (!meeting) return;
    if (meeting.status === 'cancelled') {
      patch(listBox, h('p', null, t('agenda.cancelled')));
      patch(addBox);
      return;
    }
    const items = agenda ? agenda.items : [];
    const active = document.activeElement;
    const keepAdd = active && addBox.contains(active);
    patch(listBox, items.length
      ? h('ol', { class: 'agenda agenda-edit', 'aria-label': t('agenda.title') }, items.map((item, i) => itemRow(item, i, items.length)))
      : h('p', null, t('agenda.empty.edit')));
    // The add form is rebuilt only when it is not being typed into.
    if (!keepAdd || !addBox.firstChild) patch(addBox, itemForm(null));
    if (focusAfter) {
      const target = document.getElementById(focusAfter);
      focusAfter = null;
      if (target && !target.disabled) target.focus();
    }
  }

  return {
    el,
    update(nextAgenda, nextMeeting) {
      if (nextMeeting) meeting = nextMeeting;
      // An edit in progress stays; the list around it follows the server.
      if (nextAgenda && (!agenda || nextAgenda.revision >= agenda.revision)) agenda = nextAgenda;
      render();
    },
    /** Re-renders the lists of documents and polls to link. */
    refresh() { if (!addBox.contains(document.activeElement)) patch(addBox); render(); },
  };
}

