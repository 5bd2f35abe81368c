// The questions on the projector (#/screen/M/questions, its own window, no controls): the
// question being answered (pinned) in large type, the five with most votes beneath it, and how to
// join (the poll link's QR code, its address and code; the vote page leads on to the questions).
// One board: the one named by `?board=ID`, else an open board with a pinned question, else the
// first open board (the agenda item on now first, then the meeting-wide one). Live on
// `questions:M`, which carries what participants see, so a hidden question leaves the screen as it
// leaves their phones; `meeting:M` for the names and the "now" marker.

import { h, patch } from '../dom.js';
import { t } from '../i18n.js';
import { groupedCode } from '../pages/facilitate.js';
import * as qa from './board_state.js';
import { boardTitle, itemOrder, originBadge, askerText, votesText } from './question_views.js';

/** How many questions the list beneath the pinned one shows. */
const TOP = 5;

/** A long pinned question gets smaller type, so that up to 500 characters fit the screen. */
function lengthClass(text) {
  const n = [...String(text)].length;
  return n > 260 ? ' longest' : n > 120 ? ' long' : '';
}

export function mount(root, ctx) {
  const { conn, id, identity, params } = ctx;
  const staff = identity.role === 'coordinator' || (identity.facilitates || []).includes(id);
  const wanted = params && /^\d+$/.test(params.get('board') || '') ? Number(params.get('board')) : null;
  const st = qa.createState();
  const s = { meeting: null, agenda: null, now: null, link: null, pinned: null, error: false };
  const stage = h('div', { class: 'screen qa-screen', id: 'qa-screen' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'qa-screen-live' });
  root.append(h('h1', { id: 'page-title', tabindex: '-1', class: 'visually-hidden' }, t('qa.screen.title')), stage, live);
  ctx.setTitle(t('qa.screen.title'));

  if (identity.role === 'public') {
    patch(stage, h('p', { class: 'screen-note' }, t('screen.signin')));
    ctx.ready();
    return null;
  }

  function joinBox() {
    if (!s.link) return null;
    return h('aside', { class: 'screen-join qa-screen-join', 'aria-label': t('qa.screen.join') },
      h('p', { class: 'qa-screen-join-title' }, t('qa.screen.join')),
      h('img', { class: 'qr', id: 'qa-screen-qr', src: `/polls/join/${encodeURIComponent(s.link.code)}.svg`, alt: t('fac.link.qr.alt', { url: s.link.url }), width: '320', height: '320' }),
      h('p', { class: 'screen-join-url' }, s.link.url.replace(/^https?:\/\//, '')),
      h('p', { class: 'screen-join-code' }, t('screen.code'), ' ', h('strong', { class: 'code' }, groupedCode(s.link.code))),
      h('p', { class: 'qa-screen-join-then' }, t('qa.screen.join.then')));
  }

  function pinnedView(q) {
    if (!q) {
      return h('section', { class: 'qa-screen-pinned empty', 'aria-labelledby': 'qa-screen-pinned-label' },
        h('h2', { class: 'qa-screen-label', id: 'qa-screen-pinned-label' }, t('qa.screen.ask')),
        h('p', { class: 'qa-screen-question' }, t('qa.screen.nopin')));
    }
    return h('section', { class: 'qa-screen-pinned', id: 'qa-screen-pinned', 'aria-labelledby': 'qa-screen-pinned-label', dataset: { questionId: q.question_id } },
      h('h2', { class: 'qa-screen-label', id: 'qa-screen-pinned-label' }, t('qa.screen.now')),
      h('p', { class: `qa-screen-question${lengthClass(q.text)}` }, q.text),
      // The asker's name only when the question has one: "Anonym" on the wall says nothing.
      h('p', { class: 'qa-screen-meta' }, originBadge(q.origin), ' ', q.anonymous ? null : [h('span', null, askerText(q)), ' · '], h('span', { class: 'qa-screen-votes' }, votesText(q.votes))));
  }

  function topView(list) {
    return h('section', { class: 'qa-screen-top', 'aria-labelledby': 'qa-screen-top-label' },
      h('h2', { class: 'qa-screen-label', id: 'qa-screen-top-label' }, t('qa.screen.top')),
      list.length
        ? h('ol', { class: 'qa-screen-list', id: 'qa-screen-list' }, list.map(q => h('li', { dataset: { questionId: q.question_id } },
          h('span', { class: 'qa-screen-count', 'aria-hidden': 'true' }, String(q.votes)),
          h('span', { class: 'qa-screen-text' }, q.text, ' ', originBadge(q.origin)),
          h('span', { class: 'visually-hidden' }, ` (${votesText(q.votes)})`))))
        : h('p', { class: 'screen-note' }, t('qa.screen.none')));
  }

  function render() {
    if (s.error) { patch(stage, h('p', { class: 'screen-note' }, t('screen.signin'))); return; }
    const board = qa.projectorBoard(st, { wanted, nowItemId: s.now && s.now.state !== 'none' ? s.now.item_id : null, itemOrder: itemOrder(s.agenda) });
    const title = s.meeting ? h('p', { class: 'screen-meeting' }, s.meeting.title) : null;
    if (!board) {
      patch(stage, title, h('div', { class: 'qa-screen-main' },
        h('div', null, h('p', { class: 'qa-screen-question', id: 'qa-screen-noboard' }, t('qa.screen.noboard'))), joinBox()));
      return;
    }
    const questions = qa.boardQuestions(st, board.board_id, { filter: q => q.status === 'visible' });
    const pinned = questions.find(q => q.pinned) || null;
    const top = questions.filter(q => !q.pinned).slice(0, TOP);
    patch(stage, title,
      h('div', { class: 'qa-screen-main' },
        h('div', { class: 'qa-screen-questions' },
          h('p', { class: 'qa-screen-board', id: 'qa-screen-board', dataset: { boardId: board.board_id } }, boardTitle(board, s.agenda),
            board.status !== 'open' ? ` – ${t('qa.board.closed.short')}` : ''),
          pinnedView(pinned),
          topView(top)),
        joinBox()));
    const pinnedId = pinned ? pinned.question_id : null;
    if (pinnedId !== s.pinned) {
      s.pinned = pinnedId;
      live.textContent = pinned ? t('qa.live.pinned', { text: pinned.text }) : '';
    }
  }

  const unsubs = [];
  if (staff) conn.request('poll.link', { meeting_id: id }).then((r) => { s.link = r; render(); }, () => {});
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) { s.meeting = snap.meeting; s.agenda = snap.agenda || null; s.now = snap.now || null; render(); },
    onEvent(ev, data) {
      if (data.meeting) s.meeting = data.meeting;
      if (ev === 'agenda.changed') s.agenda = data.agenda;
      if (ev === 'agenda.now') s.now = data.now;
      render();
    },
  }));
  unsubs.push(conn.subscribe(`questions:${id}`, {
    onSnapshot(snap) { qa.applySnapshot(st, snap); s.error = false; render(); ctx.ready(); },
    onEvent(ev, data) { qa.applyEvent(st, ev, data); render(); },
    onError() { s.error = true; render(); ctx.ready(); },
  }));
  return () => unsubs.forEach(u => u());
}
