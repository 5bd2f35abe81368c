// The audience questions in the facilitator console (PROTOCOL.md "Questions"): open a board for
// the whole meeting or an agenda item, posted at once (post) or approved first (pre), close and
// reopen it, switch its moderation; every question live from `questions-staff:M`, pending ones
// first, each with the actions its status allows (approve, hide with a reason only staff see,
// show again, merge into another question of the board, pin for the projector, unpin, mark
// answered, reopen, mute the asker, whom staff never learn); how many questions come from the
// room and from the call; the projector (#/screen/M/questions) per board; the questions into the
// minutes draft (questions.md through the minutes editor, so a conflict is shown there as any
// save's is); the CSV and JSON exports. Results go to one polite feedback line without moving
// focus; when an action takes its own button away, focus goes to the question it acted on.

import { h, patch, idemKey, field, downloadWithToken } from '../dom.js';
import { t, formatTime } from '../i18n.js';
import { feedback, send, confirmDialog, formDialog, labelled, errorBox } from '../ui.js';
import * as qa from './board_state.js';
import { boardTitle, itemOrder, originBadge, askerText, shortText, votesText, announcer, qaError } from './question_views.js';
import { withQuestionsSection } from './minutes_section.js';

/** PROTOCOL.md: a hide reason is 0..200 code points. */
const REASON_MAX = 200;

/**
 * The panel. `agenda()` and `zone()` give the meeting's agenda and time zone as the console
 * has them; `minutes` is the console's minutes editor (minutes_editor.js). Returns
 * {el, refreshItems, stop}.
 */
export function questionsPanel(conn, meetingId, { token, agenda = () => null, zone = () => undefined, minutes } = {}) {
  const st = qa.createState();
  const muted = new Set();  // questions whose asker this console muted (the server tells nobody)
  let refocus = null;
  let loaded = false;
  const fb = feedback('qa-staff-feedback');
  const openFb = feedback('qa-open-feedback');
  const toolsFb = feedback('qa-tools-feedback');
  // One answer in view at a time: a new one clears the others (an "is open" under an "is closed"
  // of the same board would contradict it).
  const only = (keep) => { for (const f of [fb, openFb, toolsFb]) if (f !== keep) f.clear(); return keep; };
  const live = announcer('qa-staff-live', {
    one: q => t(q.status === 'pending' ? 'qa.staff.live.pending' : 'qa.live.new', { text: q.text }),
    many: n => t('qa.live.many', { n }),
  });

  // --- opening a board -----------------------------------------------------------------------
  const forSelect = field(t('qa.staff.open.for'), 'select', { id: 'qa-open-for' }, []);
  const modeSelect = field(t('qa.staff.open.moderation'), 'select', { id: 'qa-open-moderation', value: 'post' }, [
    { value: 'post', label: t('qa.moderation.post') },
    { value: 'pre', label: t('qa.moderation.pre') },
  ]);
  const openButton = h('button', { type: 'submit', class: 'primary', id: 'qa-open-submit' }, t('qa.staff.open.submit'));
  // The hint under both selects (not between a label and its select), so the two line up.
  modeSelect.input.setAttribute('aria-describedby', 'qa-open-moderation-hint');
  const openForm = h('form', { class: 'form qa-open-form', id: 'qa-open-form' }, h('div', { class: 'form-row' }, forSelect.wrap, modeSelect.wrap),
    h('p', { class: 'hint', id: 'qa-open-moderation-hint' }, t('qa.staff.open.moderation.hint')), h('div', null, openButton), openFb.el);
  const chosenItem = () => (forSelect.input.value === '' ? null : Number(forSelect.input.value));
  // Choosing a board that exists shows its mode, so "open" changes nothing unasked.
  forSelect.input.addEventListener('change', () => {
    const b = qa.boardFor(st, chosenItem());
    if (b) modeSelect.input.value = b.moderation;
  });
  openForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const item = chosenItem();
    const args = { meeting_id: meetingId, moderation: modeSelect.input.value };
    if (item !== null) args.agenda_item_id = item;
    const res = await send(only(openFb), conn.request('qa.open', args, { idem: idemKey('qao') }).catch((err) => { throw qaError('qa.open', err); }),
      r => t('qa.staff.opened', { title: boardTitle(r.board, agenda()), mode: t(`qa.moderation.${r.board.moderation}`) }), { button: openButton });
    if (res) { st.boards.set(res.board.board_id, res.board); render(); }
  });

  function refreshItems() {
    const keep = forSelect.input.value;
    const items = (agenda() && agenda().items) || [];
    const stateOf = (itemId) => {
      const b = qa.boardFor(st, itemId);
      return b ? ` (${t(b.status === 'open' ? 'qa.staff.option.open' : 'qa.staff.option.closed')})` : '';
    };
    forSelect.input.replaceChildren(
      h('option', { value: '' }, t('qa.board.meeting') + stateOf(null)),
      ...items.map(i => h('option', { value: String(i.item_id) }, `${formatTime(i.starts_at, zone())} ${i.title}${stateOf(i.item_id)}`)));
    if ([...forSelect.input.options].some(o => o.value === keep)) forSelect.input.value = keep;
  }

  // --- tools: projector, minutes, exports ------------------------------------------------------
  async function toMinutes() {
    if (!minutes) return;
    only(toolsFb).busy();
    let md;
    try {
      const res = await fetch(`/meetings/${meetingId}/questions.md`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
      if (!res.ok) throw { code: res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found' : res.status === 401 ? 'unauthorized' : 'internal', message: `HTTP ${res.status}` };
      md = await res.text();
    } catch (err) {
      toolsFb.fail(err && err.code ? err : { code: 'offline', message: '' });
      return;
    }
    await minutes.editText(text => withQuestionsSection(text, md), { target: toolsFb, okText: r => t('qa.staff.minutes.done', { version: r.minutes.version }) });
  }
  const download = (ext) => downloadWithToken(`/meetings/${meetingId}/questions.${ext}`, token, `questions-${meetingId}.${ext}`)
    .then(name => only(toolsFb).ok(t('editor.export.done', { name }), { focus: false }), err => only(toolsFb).fail(err));
  const tools = h('div', { class: 'qa-tools' },
    h('ul', { class: 'link-list' },
      h('li', null, h('a', { href: `#/screen/${meetingId}/questions`, target: '_blank', rel: 'noopener', class: 'button-link', id: 'qa-open-screen' }, t('qa.staff.screen'))),
      minutes ? h('li', null, h('button', { type: 'button', id: 'qa-to-minutes', onclick: toMinutes }, t('qa.staff.minutes'))) : null,
      h('li', null, h('button', { type: 'button', id: 'qa-csv', onclick: () => download('csv') }, t('qa.staff.csv'))),
      h('li', null, h('button', { type: 'button', id: 'qa-json', onclick: () => download('json') }, t('qa.staff.json')))),
    toolsFb.el);

  const boardsEl = h('div', { id: 'qa-staff-boards' });
  const el = h('div', { class: 'qa-staff' },
    h('p', null, t('qa.staff.help', { url: `${location.origin}/#/questions/${meetingId}` })),
    openForm, tools, live.el, fb.el, boardsEl);

  // --- actions -----------------------------------------------------------------------------------
  /** Runs an action on a question; its answer goes to the feedback line, focus stays or follows. */
  async function act(q, op, args, okText) {
    refocus = q.question_id;
    const res = await send(only(fb), conn.request(op, args, { idem: idemKey('qam') }).catch((err) => { throw qaError(op, err); }), okText, { focus: false });
    if (res && res.question) qa.putQuestion(st, res.question);
    if (res && res.into) qa.putQuestion(st, res.into);
    render();
    refocus = null;
    return res;
  }

  const moderate = (q, action, extra = {}) => act(q, 'qa.moderate', { question_id: q.question_id, action, ...extra },
    () => t(`qa.staff.done.${action}`, { text: shortText(q.text) }));

  async function hide(q) {
    const reason = field(t('qa.staff.hide.reason'), 'text', { id: 'qa-hide-reason', maxlength: REASON_MAX, autocomplete: 'off', hint: t('qa.staff.hide.reason.hint') });
    const ok = await formDialog({ title: t('qa.staff.hide.title'), body: `”${shortText(q.text, 140)}”`, fields: reason.wrap, confirm: t('qa.staff.hide.yes'), danger: true });
    if (!ok) return;
    const text = reason.input.value.replace(/\s+/g, ' ').trim();
    await moderate(q, 'hide', text ? { reason: text } : {});
  }

  function candidates(q) {
    return qa.boardQuestions(st, q.board_id, { filter: o => o.question_id !== q.question_id && (o.status === 'visible' || o.status === 'answered') });
  }

  async function merge(q) {
    const list = candidates(q);
    const into = field(t('qa.staff.merge.into'), 'select', { id: 'qa-merge-into', hint: t('qa.staff.merge.hint') },
      list.map(o => ({ value: String(o.question_id), label: t('qa.staff.merge.option', { id: String(o.question_id), text: shortText(o.text, 80), votes: votesText(o.votes) }) })));
    const ok = await formDialog({ title: t('qa.staff.merge.title'), body: `”${shortText(q.text, 140)}”`, fields: into.wrap, confirm: t('qa.staff.merge.yes') });
    if (!ok) return;
    const target = qa.boardQuestions(st, q.board_id).find(o => o.question_id === Number(into.input.value));
    await act(q, 'qa.moderate', { question_id: q.question_id, action: 'merge', into: Number(into.input.value) },
      r => t('qa.staff.done.merge', { text: shortText(q.text), into: shortText(target ? target.text : ''), votes: votesText(r.into ? r.into.votes : 0) }));
  }

  async function mute(q, on) {
    if (on) {
      const ok = await confirmDialog({ title: t('qa.staff.mute.title'), body: [`”${shortText(q.text, 140)}”`, t('qa.staff.mute.body')], confirm: t('qa.staff.mute.yes') });
      if (!ok) return;
    }
    const res = await act(q, 'qa.mute', { question_id: q.question_id, muted: on }, () => t(on ? 'qa.staff.done.mute' : 'qa.staff.done.unmute'));
    if (res) { if (res.muted) muted.add(q.question_id); else muted.delete(q.question_id); render(); }
  }

  function button(q, name, key, onclick, cls) {
    return h('button', { type: 'button', class: `small${cls ? ` ${cls}` : ''}`, id: `qa-s-${q.question_id}-${name}`, onclick },
      labelled(t(key, { text: shortText(q.text) })));
  }

  function actions(q) {
    const b = [];
    const can = candidates(q).length > 0;
    switch (q.status) {
      case 'pending':
        b.push(button(q, 'approve', 'qa.staff.approve', () => moderate(q, 'approve'), 'primary'));
        b.push(button(q, 'hide', 'qa.staff.hide', () => hide(q), 'danger'));
        if (can) b.push(button(q, 'merge', 'qa.staff.merge', () => merge(q)));
        break;
      case 'visible':
        // A toggle keeps its id across the two states, so focus stays on it.
        b.push(q.pinned ? button(q, 'pin', 'qa.staff.unpin', () => moderate(q, 'unpin'))
          : button(q, 'pin', 'qa.staff.pin', () => moderate(q, 'pin'), 'primary'));
        b.push(button(q, 'answer', 'qa.staff.answer', () => moderate(q, 'answer')));
        b.push(button(q, 'hide', 'qa.staff.hide', () => hide(q), 'danger'));
        if (can) b.push(button(q, 'merge', 'qa.staff.merge', () => merge(q)));
        break;
      case 'answered':
        b.push(button(q, 'reopen', 'qa.staff.reopen', () => moderate(q, 'reopen')));
        b.push(button(q, 'hide', 'qa.staff.hide', () => hide(q), 'danger'));
        break;
      case 'hidden':
        b.push(button(q, 'show', 'qa.staff.show', () => moderate(q, 'show')));
        break;
      default:
        return null;
    }
    b.push(muted.has(q.question_id)
      ? button(q, 'mute', 'qa.staff.unmute', () => mute(q, false))
      : button(q, 'mute', 'qa.staff.mute', () => mute(q, true)));
    return h('div', { class: 'actions' }, b);
  }

  function questionItem(q) {
    const into = q.merged_into ? st.questions.get(q.merged_into) : null;
    return h('li', { class: `qa-question ${q.status}${q.pinned ? ' pinned' : ''}`, id: `qa-s-${q.question_id}`, tabindex: '-1', dataset: { questionId: q.question_id } },
      h('p', { class: 'qa-text' }, q.text),
      h('p', { class: 'qa-meta' },
        q.pinned ? h('span', { class: 'badge qa-pinned' }, t('qa.pinned.staff')) : null,
        // Visible is what the group says; other statuses get their word.
        q.status !== 'visible' ? h('span', { class: `badge qa-status-${q.status}` }, t(`qa.status.${q.status}`)) : null,
        originBadge(q.origin),
        h('span', { class: 'qa-asker' }, askerText(q)),
        h('span', { class: 'qa-time' }, formatTime(q.asked_at, zone())),
        h('span', { class: 'qa-number' }, t('qa.staff.number', { id: String(q.question_id) })),
        h('strong', { class: 'qa-count-votes' }, votesText(q.votes))),
      q.status === 'hidden' && q.hide_reason ? h('p', { class: 'qa-reason' }, t('qa.staff.reason', { reason: q.hide_reason })) : null,
      q.status === 'merged' ? h('p', { class: 'hint' }, t('qa.staff.merged.into', { id: String(q.merged_into), text: into ? shortText(into.text) : '' })) : null,
      actions(q));
  }

  function group(bid, name, title, list, { folded = false } = {}) {
    if (!list.length) return null;
    const gid = `qa-s-board-${bid}-${name}`;
    const ol = h('ol', { class: 'qa-list', 'aria-labelledby': `${gid}-title` }, list.map(questionItem));
    if (folded) {
      const was = document.getElementById(gid);
      return h('details', { class: 'qa-group', id: gid, open: (was && was.open) || null },
        h('summary', { id: `${gid}-title` }, t(title, { n: list.length })), ol);
    }
    return h('div', { class: `qa-group qa-group-${name}`, id: gid }, h('h4', { id: `${gid}-title` }, t(title, { n: list.length })), ol);
  }

  function boardActions(board, name) {
    const b = [];
    const args = { meeting_id: meetingId };
    if (board.agenda_item_id !== null) args.agenda_item_id = board.agenda_item_id;
    const run = (op, a, ok) => send(only(fb), conn.request(op, a, { idem: idemKey('qab') }).catch((err) => { throw qaError(op, err); }), ok, { focus: false })
      .then((r) => { if (r && r.board) { st.boards.set(r.board.board_id, r.board); render(); } });
    const bid = `qa-s-board-${board.board_id}`;
    if (board.status === 'open') {
      b.push(h('button', { type: 'button', class: 'small', id: `${bid}-close`, onclick: () => run('qa.close', { board_id: board.board_id }, t('qa.staff.closed', { title: name })) },
        labelled(t('qa.staff.close', { title: name }))));
      const other = board.moderation === 'pre' ? 'post' : 'pre';
      b.push(h('button', { type: 'button', class: 'small', id: `${bid}-moderation`, onclick: () => run('qa.open', { ...args, moderation: other }, t('qa.staff.moderation.done', { title: name, mode: t(`qa.moderation.${other}`) })) },
        labelled(t(`qa.staff.to.${other}`, { title: name }))));
    } else {
      b.push(h('button', { type: 'button', class: 'small', id: `${bid}-reopen`, onclick: () => run('qa.open', args, t('qa.staff.opened', { title: name, mode: t(`qa.moderation.${board.moderation}`) })) },
        labelled(t('qa.staff.reopenboard', { title: name }))));
    }
    b.push(h('a', { href: `#/screen/${meetingId}/questions?board=${board.board_id}`, target: '_blank', rel: 'noopener', class: 'button-link small', id: `${bid}-screen` },
      labelled(t('qa.staff.screen.board', { title: name }))));
    return h('div', { class: 'actions' }, b);
  }

  function boardSection(board) {
    const name = boardTitle(board, agenda());
    const bid = `qa-s-board-${board.board_id}`;
    const o = qa.originCounts(st, board.board_id);
    const c = qa.statusCounts(st, board.board_id);
    const list = f => [...st.questions.values()].filter(q => q.board_id === board.board_id && f(q));
    const pending = list(q => q.status === 'pending').sort((a, b) => a.question_id - b.question_id);
    const shown = list(q => q.status === 'visible').sort(qa.compareTop);
    const answered = list(q => q.status === 'answered').sort((a, b) => String(b.answered_at).localeCompare(String(a.answered_at)));
    const hidden = list(q => q.status === 'hidden').sort(qa.compareNewest);
    const gone = list(q => qa.FINAL.has(q.status)).sort(qa.compareNewest);
    const stateText = board.status === 'open'
      ? t('qa.staff.board.open', { mode: t(`qa.moderation.${board.moderation}`) }) : t('qa.staff.board.closed');
    return h('section', { class: `qa-staff-board ${board.status}`, id: bid, 'aria-labelledby': `${bid}-title`, dataset: { boardId: board.board_id } },
      h('h3', { id: `${bid}-title` }, name),
      h('p', { class: 'qa-board-state' }, h('span', { class: `badge qa-board-${board.status}` }, stateText)),
      h('dl', { class: 'facts qa-counts', id: `${bid}-counts` },
        h('dt', null, t('qa.staff.count.origin')),
        h('dd', { id: `${bid}-origins` }, t('qa.staff.count.origin.value', { room: o.room, remote: o.remote })),
        h('dt', null, t('qa.staff.count.status')),
        h('dd', { id: `${bid}-statuses` }, t('qa.staff.count.status.value', { visible: c.visible, pending: c.pending, answered: c.answered, hidden: c.hidden }))),
      boardActions(board, name),
      pending.length + shown.length + answered.length + hidden.length + gone.length === 0 ? h('p', { class: 'muted' }, t('qa.none')) : null,
      group(board.board_id, 'pending', 'qa.staff.group.pending', pending),
      group(board.board_id, 'visible', 'qa.staff.group.visible', shown),
      group(board.board_id, 'answered', 'qa.staff.group.answered', answered),
      group(board.board_id, 'hidden', 'qa.staff.group.hidden', hidden),
      group(board.board_id, 'gone', 'qa.staff.group.gone', gone, { folded: true }));
  }

  function render() {
    if (!loaded) { patch(boardsEl, h('p', null, t('app.loading'))); return; }
    const a = agenda();
    const boards = qa.orderedBoards(st, { itemOrder: itemOrder(a) });
    patch(boardsEl, boards.length ? boards.map(boardSection) : h('p', { id: 'qa-staff-none' }, t('qa.staff.noboards')));
    refreshItems();
    // The action took its own button away (approve, pin, …): focus goes to the question.
    if (refocus !== null && (!document.activeElement || document.activeElement === document.body)) {
      document.getElementById(`qa-s-${refocus}`)?.focus();
    }
  }

  const stop = conn.subscribe(`questions-staff:${meetingId}`, {
    onSnapshot(snap) { qa.applySnapshot(st, snap, { staff: true }); loaded = true; render(); },
    onEvent(ev, data) {
      const r = qa.applyEvent(st, ev, data, { staff: true });
      if (r.kind === 'new' && r.question) live.question(r.question);
      render();
    },
    onError(err) { loaded = true; patch(boardsEl, errorBox(err, { alert: false })); },
  });

  render();
  return {
    el,
    /** The agenda changed: board names and the choice of agenda items follow. */
    refreshItems() { if (loaded) render(); else refreshItems(); },
    stop() { stop(); live.stop(); },
  };
}
