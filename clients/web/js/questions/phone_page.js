// Questions (#/questions/M): the meeting's question boards on a phone, for people with a
// confirmed registration and for devices that joined through the poll link (they run here with
// their device token, as on the vote page; session.js). Each open board takes questions (one
// line of 1-500 characters, in one form above the boards that asks which board when several are
// open; a person may ask without their name, a device always does; in the room or online, by
// default as the person registered) and votes (one per question, a pressed
// button, taken back by pressing again). Own questions can be taken back: a named one from any
// of the person's browsers, an anonymous one with the withdraw key this browser keeps. Top view
// (pinned, most votes, oldest) or newest first; answered questions fold away. A polite live
// region says what is new, a few at a time. While focus is in a list its order holds still, so a
// vote elsewhere does not move the question under one's finger. Live on `questions:M` (resumed
// with `since` by the connection) and `meeting:M` (title, agenda item names, the "now" marker).

import { h, patch, idemKey } from '../dom.js';
import { t, formatTime } from '../i18n.js';
import { pageHeading, errorBox, meetingTabs } from '../common.js';
import { feedback, send, confirmDialog, labelled } from '../ui.js';
import { storedToken, storeDeviceToken, deviceToken, deviceRevoked } from '../session.js';
import { loadDraft, saveDraft, clearDraft } from '../drafts.js';
import * as qa from './board_state.js';
import { boardTitle, boardName, itemOrder, originBadge, askerText, shortText, votesText, announcer, qaError } from './question_views.js';
import { withdrawKey, storeWithdrawKey, storedOrigin, storeOrigin } from './withdraw_keys.js';

/** PROTOCOL.md `questions.text_max`. */
const TEXT_MAX = 500;
/** While an own named question is pending, qa.list is read this often (one indexed read)... */
const PENDING_RECHECK_MS = 15000;
/** ... and this long after an event on the topic (a merge changes the question it went into). */
const EVENT_RECHECK_MS = 1000;

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const asDevice = identity.role === 'audience';
  const st = qa.createState();
  const s = { meeting: null, agenda: null, now: null, error: null, view: 'top', regMode: null, errors: new Map() };
  const heading = pageHeading(ctx, t('qa.title'));
  const status = h('p', { class: 'notice', role: 'status', id: 'qa-status', tabindex: '-1' });
  const live = announcer('qa-live', { one: q => t('qa.live.new', { text: q.text }), many: n => t('qa.live.many', { n }) });
  const viewSwitch = h('div', { class: 'qa-view actions', role: 'group', 'aria-label': t('qa.view') });
  const body = h('div', { id: 'qa-boards' });
  const switchBack = asDevice && deviceToken(id) && storedToken()
    ? h('button', { type: 'button', class: 'small', id: 'qa-as-person', onclick: () => { storeDeviceToken(id, null); ctx.setToken(storedToken()); } }, t('qa.asperson'))
    : null;
  // This browser's device token for the meeting was revoked: say so, as the vote page does.
  const revoked = !asDevice && deviceRevoked(id)
    ? h('p', { class: 'warning', id: 'qa-revoked', role: 'status' }, t('vote.revoked')) : null;
  root.append(...[heading, meetingTabs(id, 'questions'), revoked,
    asDevice ? h('p', { id: 'qa-asdevice' }, t('qa.asdevice'), ' ', switchBack) : null,
    status, live.el, viewSwitch, body].filter(Boolean));

  if (identity.role === 'public') {
    patch(body, h('p', null, t('qa.needlink')), h('p', null, h('a', { href: '#/me' }, t('self.login'))));
    ctx.ready();
    return null;
  }

  const isMine = q => st.mine.has(q.question_id) || Boolean(withdrawKey(q.question_id));

  // --- the ask form ---------------------------------------------------------------------------
  // One form for the page, above the boards; with more than one open board it asks which one
  // the question is for (the agenda item on now first). What is typed is kept as a draft.
  function origin() {
    return storedOrigin(id) || (s.regMode === 'remote' ? 'remote' : 'room');
  }

  const ask = (() => {
    const draftKey = `qa.${id}.ask`;
    const fb = feedback('qa-ask-feedback');
    const boardChoice = h('select', { id: 'qa-ask-board', name: 'board' });
    const boardField = h('div', { class: 'field', id: 'qa-ask-board-field' }, h('label', { for: 'qa-ask-board' }, t('qa.ask.board')), boardChoice);
    const hint = h('p', { class: 'hint', id: 'qa-ask-hint' });
    const count = h('p', { class: 'hint qa-count', id: 'qa-ask-count' });
    const input = h('textarea', { id: 'qa-ask-text', name: 'text', rows: 3, maxlength: TEXT_MAX, required: true, 'aria-describedby': 'qa-ask-hint qa-ask-count' });
    const draft = loadDraft(draftKey);
    if (draft && draft.values) input.value = draft.values.text || '';
    const showCount = () => { count.textContent = t('qa.ask.count', { n: [...input.value].length, max: TEXT_MAX }); };
    showCount();
    // One line: a line break becomes a space as it is typed (the server refuses control characters).
    input.addEventListener('input', () => {
      if (/[\r\n]/.test(input.value)) {
        const at = input.selectionStart;
        input.value = input.value.replace(/\r?\n|\r/g, ' ');
        input.setSelectionRange(at, at);
      }
      showCount();
      fb.clear();  // the answer to the last question no longer applies to what is typed now
      saveDraft(draftKey, { values: { text: input.value } });
    });
    const anon = asDevice ? null : h('input', { type: 'checkbox', id: 'qa-ask-anon', name: 'anonymous' });
    let originTouched = false;
    const originChoice = value => h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'qa-ask-origin', id: `qa-ask-origin-${value}`, value, checked: origin() === value }),
      h('label', { for: `qa-ask-origin-${value}` }, t(`qa.ask.origin.${value}`)));
    const origins = h('fieldset', { class: 'choices qa-origins inline-choices' }, h('legend', null, t('qa.ask.origin')), originChoice('room'), originChoice('remote'));
    origins.addEventListener('change', () => { originTouched = true; });
    const button = h('button', { type: 'submit', class: 'primary', id: 'qa-ask-submit' }, t('qa.ask.submit'));
    const form = h('form', { class: 'form qa-ask', id: 'qa-ask', novalidate: true },
      boardField,
      h('div', { class: 'field' }, h('label', { for: input.id }, t('qa.ask.text')), hint, input, count),
      anon
        ? h('div', { class: 'choice' }, anon, h('label', { for: anon.id }, h('span', null, t('qa.ask.anonymous'), h('span', { class: 'hint qa-anon-hint' }, ` ${t('qa.ask.anonymous.hint')}`))))
        : h('p', { class: 'hint', id: 'qa-ask-anon-device' }, t('qa.ask.device')),
      origins, button, fb.el);
    const card = h('section', { class: 'card qa-ask-card', id: 'qa-ask-card', 'aria-labelledby': 'qa-ask-title', hidden: true },
      h('h2', { id: 'qa-ask-title' }, t('qa.ask.title')), form);
    let open = [];
    const chosenBoard = () => open.find(b => String(b.board_id) === boardChoice.value) || open[0] || null;
    const showHint = () => {
      const b = chosenBoard();
      hint.textContent = b && b.moderation === 'pre' ? t('qa.ask.hint.pre') : t('qa.ask.hint.post');
    };
    boardChoice.addEventListener('change', showHint);
    // The same question sent again (the answer was lost) keeps its idem key, so it is asked once.
    let pending = null;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const board = chosenBoard();
      if (!board) return;
      const text = input.value.replace(/\s+/g, ' ').trim();
      if (!text) { fb.fail({ code: 'qa_ask_text', message: '' }); input.focus(); return; }
      const chosen = form.querySelector('input[name="qa-ask-origin"]:checked');
      const args = { board_id: board.board_id, text, anonymous: asDevice || Boolean(anon && anon.checked), origin: chosen ? chosen.value : 'room' };
      const sig = JSON.stringify(args);
      if (!pending || pending.sig !== sig) pending = { sig, idem: idemKey('ask') };
      storeOrigin(id, args.origin);
      const res = await send(fb, conn.request('qa.ask', args, { idem: pending.idem }).catch((err) => { throw qaError('qa.ask', err); }),
        r => (r.question.status === 'pending' ? t('qa.ask.done.pending') : t('qa.ask.done')), { button });
      if (!res) return;
      pending = null;
      if (res.withdraw_key) storeWithdrawKey(res.question.question_id, res.withdraw_key);
      qa.putQuestion(st, res.question, { mine: true });
      input.value = '';
      showCount();
      clearDraft(draftKey);
      render();
    });
    return {
      card,
      /** The open boards (in reading order) changed: the choice follows, keeping what was chosen. */
      boards(list, agenda) {
        const key = JSON.stringify(list.map(b => [b.board_id, b.moderation, boardName(b, agenda)]));
        card.hidden = list.length === 0;
        if (key === this.key) return;
        // The boards changed (one opened, closed or changed its mode): an answer about the last
        // question may be about a board that is no longer as it said.
        if (this.key !== undefined) fb.clear();
        this.key = key;
        const keep = boardChoice.value;
        open = list;
        boardChoice.replaceChildren(...list.map(b => h('option', { value: String(b.board_id) }, boardName(b, agenda))));
        if (list.some(b => String(b.board_id) === keep)) boardChoice.value = keep;
        boardField.hidden = list.length < 2;
        showHint();
      },
      /** The registration's mode came: the default origin follows it unless one was chosen. */
      originKnown() {
        if (originTouched) return;
        const radio = form.querySelector(`#qa-ask-origin-${origin()}`);
        if (radio) radio.checked = true;
      },
    };
  })();
  viewSwitch.before(ask.card);

  // --- one question -----------------------------------------------------------------------------
  async function vote(q) {
    const want = !st.voted.has(q.question_id);
    s.errors.delete(q.question_id);
    // No idem: `vote: true/false` sets the vote, so a retry cannot count twice.
    try {
      const r = await conn.request('qa.vote', { question_id: q.question_id, vote: want });
      if (r.voted) st.voted.add(q.question_id); else st.voted.delete(q.question_id);
      const cur = st.questions.get(q.question_id);
      if (cur) st.questions.set(q.question_id, { ...cur, votes: r.votes });
    } catch (err) {
      s.errors.set(q.question_id, qaError('qa.vote', err));
    }
    render();
  }

  async function withdraw(q) {
    const ok = await confirmDialog({
      title: t('qa.withdraw.title'),
      body: [`”${shortText(q.text, 120)}”`, t('qa.withdraw.body')],
      confirm: t('qa.withdraw.yes'),
      cancel: t('qa.withdraw.no'),
    });
    if (!ok) return;
    const key = withdrawKey(q.question_id);
    s.errors.delete(q.question_id);
    try {
      await conn.request('qa.withdraw', key ? { question_id: q.question_id, withdraw_key: key } : { question_id: q.question_id }, { idem: idemKey('qw') });
      storeWithdrawKey(q.question_id, null);
      st.questions.delete(q.question_id);
      status.textContent = t('qa.withdraw.done');
      render();
      status.focus();
    } catch (err) {
      s.errors.set(q.question_id, qaError('qa.withdraw', err));
      render();
    }
  }

  function questionItem(q, board) {
    const qid = `qa-q-${q.question_id}`;
    const mine = isMine(q);
    const voted = st.voted.has(q.question_id);
    const countId = `${qid}-votes`;
    // Votes go to visible questions of open boards; not to one's own named question.
    const canVote = q.status === 'visible' && board.status === 'open' && !(mine && !q.anonymous);
    const err = s.errors.get(q.question_id);
    return h('li', { class: `qa-question ${q.status}${q.pinned ? ' pinned' : ''}${mine ? ' mine' : ''}`, id: qid, dataset: { questionId: q.question_id } },
      h('p', { class: 'qa-text' }, q.text),
      h('p', { class: 'qa-meta' },
        q.pinned ? h('span', { class: 'badge qa-pinned' }, t('qa.pinned')) : null,
        q.status === 'pending' ? h('span', { class: 'badge qa-pending' }, t('qa.status.pending')) : null,
        q.status === 'answered' ? h('span', { class: 'badge qa-answered' }, t('qa.status.answered')) : null,
        mine ? h('span', { class: 'badge qa-mine' }, t('qa.mine')) : null,
        originBadge(q.origin),
        h('span', { class: 'qa-asker' }, askerText(q)),
        s.meeting ? h('span', { class: 'qa-time' }, formatTime(q.asked_at, s.meeting.zone)) : null),
      q.status === 'pending' ? h('p', { class: 'hint' }, t('qa.pending.help')) : null,
      h('div', { class: 'qa-actions' },
        h('span', { class: 'qa-count-votes', id: countId }, votesText(q.votes)),
        canVote ? h('button', { type: 'button', class: 'qa-vote', id: `${qid}-vote`, 'aria-pressed': voted ? 'true' : 'false', 'aria-describedby': countId,
          onclick: () => vote(q) }, h('span', { class: 'qa-vote-mark', 'aria-hidden': 'true' }, voted ? '✓ ' : '▲ '), labelled(t('qa.vote', { text: shortText(q.text) }))) : null,
        mine && !qa.FINAL.has(q.status) ? h('button', { type: 'button', class: 'small danger qa-withdraw', id: `${qid}-withdraw`, onclick: () => withdraw(q) },
          labelled(t('qa.withdraw', { text: shortText(q.text) }))) : null),
      err ? errorBox(err) : null);
  }

  // --- boards -----------------------------------------------------------------------------------
  // One view per board, kept while the board's state is the same (a closed one keeps its fold).
  const views = new Map();

  function boardView(board) {
    const key = JSON.stringify([board.status, board.moderation]);
    let v = views.get(board.board_id);
    if (v && v.key === key) return v;
    const hid = `qa-board-${board.board_id}`;
    const title = h('h2', { id: `${hid}-title` });
    const state = h('p', { class: 'muted qa-board-state' });
    const list = h('ol', { class: 'qa-list', id: `${hid}-list`, 'aria-labelledby': `${hid}-title` });
    const answered = h('div', { id: `${hid}-answered` });
    const section = h(board.status === 'open' ? 'section' : 'div', { class: `card qa-board ${board.status}`, id: hid, dataset: { boardId: board.board_id }, 'aria-labelledby': board.status === 'open' ? `${hid}-title` : null },
      title, state, list, answered);
    v = { key, section, title, state, list, answered, order: [] };
    if (board.status !== 'open') {
      // A closed board folds away: its questions can still be read.
      const summary = h('summary', null, h('span', { class: 'qa-closed-title' }));
      v.summary = summary;
      v.section = h('details', { class: 'card qa-board closed', id: hid, dataset: { boardId: board.board_id } }, summary, section);
      section.classList.remove('card');
    }
    // Leaving the list lets it take the current order again.
    list.addEventListener('focusout', () => setTimeout(() => { if (!list.contains(document.activeElement)) render(); }, 0));
    views.set(board.board_id, v);
    return v;
  }

  function inView(q) {
    return qa.SHOWN.has(q.status) || (q.status === 'pending' && isMine(q));
  }

  function renderBoard(board) {
    const v = boardView(board);
    const name = boardTitle(board, s.agenda);
    v.title.textContent = name;
    if (v.summary) v.summary.firstChild.textContent = `${name} – ${t('qa.board.closed.short')}`;
    v.state.textContent = board.status === 'open'
      ? (board.moderation === 'pre' ? t('qa.board.open.pre') : t('qa.board.open.post'))
      : t('qa.board.closed');
    const open = qa.boardQuestions(st, board.board_id, { view: s.view, filter: q => inView(q) && q.status !== 'answered' });
    // Focus in the list: the order holds still (new questions go last) until focus leaves it.
    let ordered = open;
    if (v.list.contains(document.activeElement) && v.order.length) {
      const byId = new Map(open.map(q => [q.question_id, q]));
      ordered = v.order.filter(qid => byId.has(qid)).map(qid => byId.get(qid));
      for (const q of open) if (!v.order.includes(q.question_id)) ordered.push(q);
    }
    v.order = ordered.map(q => q.question_id);
    patch(v.list, ordered.length ? ordered.map(q => questionItem(q, board))
      : h('li', { class: 'qa-empty' }, board.status === 'open' ? t('qa.none.open') : t('qa.none')));
    const done = qa.boardQuestions(st, board.board_id, { view: s.view, filter: q => q.status === 'answered' });
    const wasOpen = v.answered.querySelector('details')?.open;
    patch(v.answered, done.length ? h('details', { class: 'qa-answered-list', open: wasOpen || null },
      h('summary', null, t('qa.answered.title', { n: done.length })),
      h('ol', { class: 'qa-list' }, done.map(q => questionItem(q, board)))) : null);
    return v.section;
  }

  function renderViewSwitch() {
    const b = (view, key) => h('button', { type: 'button', class: 'small', id: `qa-view-${view}`, 'aria-pressed': s.view === view ? 'true' : 'false',
      onclick: () => { s.view = view; renderViewSwitch(); render(); } }, t(key));
    patch(viewSwitch, h('span', { class: 'qa-view-label', 'aria-hidden': 'true' }, t('qa.view')), b('top', 'qa.view.top'), b('newest', 'qa.view.newest'));
  }

  function render() {
    if (s.error) { patch(body, errorBox(s.error)); viewSwitch.hidden = true; ask.boards([], s.agenda); views.clear(); return; }
    const boards = qa.orderedBoards(st, { nowItemId: s.now && s.now.state !== 'none' ? s.now.item_id : null, itemOrder: itemOrder(s.agenda) });
    viewSwitch.hidden = boards.length === 0;
    if (!boards.length) { ask.boards([], s.agenda); patch(body, h('p', { class: 'lead', id: 'qa-none' }, t('qa.noboards'))); return; }
    const open = boards.filter(b => b.status === 'open');
    ask.boards(open, s.agenda);
    patch(body,
      open.length ? null : h('p', { class: 'lead', id: 'qa-none' }, t('qa.noboards.open')),
      boards.map(renderBoard));
    for (const bid of [...views.keys()]) if (!st.boards.has(bid)) views.delete(bid);
  }

  function announce(r) {
    const q = r.question;
    if (r.kind === 'new' && q && !isMine(q) && q.status !== 'answered') live.question(q);
    if (r.kind === 'changed' && q && r.before) {
      if (isMine(q) && r.before.status === 'pending' && q.status === 'visible') live.say(t('qa.live.approved', { text: shortText(q.text) }));
      if (q.pinned && !r.before.pinned) live.say(t('qa.live.pinned', { text: shortText(q.text) }));
    }
    if (r.kind === 'removed' && r.before && isMine(r.before) && r.status !== 'withdrawn') {
      live.say(t(r.status === 'merged' ? 'qa.live.mine.merged' : 'qa.live.mine.hidden', { text: shortText(r.before.text) }));
    }
    if (r.kind === 'board') live.say(t(r.board.status === 'open' ? 'qa.live.board.open' : 'qa.live.board.closed', { title: boardTitle(r.board, s.agenda) }));
  }

  function loadOwn() {
    conn.request('qa.list', { meeting_id: id }).then((res) => {
      for (const q of qa.applyList(st, res)) live.say(t('qa.live.mine.gone', { text: shortText(q.text) }));
      render();
    }, () => {});
  }
  // While an own named question waits, qa.list is read again now and then (and soon after any
  // event): only it tells that a pending question was hidden or merged (see board_state.js).
  let ownTimer = null;
  const recheck = (delay) => {
    if (ownTimer || !qa.hasOwnNamedPending(st)) return;
    ownTimer = setTimeout(() => { ownTimer = null; loadOwn(); }, delay);
  };
  const ownInterval = setInterval(() => { if (document.visibilityState === 'visible') recheck(0); }, PENDING_RECHECK_MS);

  const unsubs = [];
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) {
      s.meeting = snap.meeting; s.agenda = snap.agenda || null; s.now = snap.now || null;
      heading.textContent = t('qa.heading', { title: snap.meeting.title });
      ctx.setTitle(heading.textContent);
      render();
    },
    onEvent(ev, data) {
      if (data.meeting) s.meeting = data.meeting;
      if (ev === 'agenda.changed') s.agenda = data.agenda;
      if (ev === 'agenda.now') s.now = data.now;
      if (data.meeting || ev.startsWith('agenda.')) render();
    },
  }));
  unsubs.push(conn.subscribe(`questions:${id}`, {
    onSnapshot(snap) {
      qa.applySnapshot(st, snap);
      s.error = null;
      render();
      ctx.ready();
      loadOwn();
    },
    onEvent(ev, data) {
      const r = qa.applyEvent(st, ev, data);
      announce(r);
      render();
      recheck(EVENT_RECHECK_MS);
    },
    onError(err) {
      s.error = err.code === 'forbidden' ? { code: 'qa_forbidden', message: err.message } : err;
      render();
      ctx.ready();
    },
  }));
  if (identity.person && !asDevice) {
    conn.request('registration.get', { meeting_id: id }).then((r) => {
      s.regMode = r.registration.mode;
      ask.originKnown();
    }, () => {});
  }
  renderViewSwitch();
  render();
  return () => { unsubs.forEach(f => f()); live.stop(); clearInterval(ownInterval); clearTimeout(ownTimer); };
}

