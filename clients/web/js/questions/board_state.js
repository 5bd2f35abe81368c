// Audience Q&A (PROTOCOL.md "Questions"): the boards and questions of one meeting as a client
// holds them, kept from a `questions:M` or `questions-staff:M` snapshot and its events, and the
// orders the protocol defines. No DOM and no i18n here, so it runs under node as well (the e2e
// file tests it without a browser).

/** The statuses a participant sees (and their own pending questions). */
export const SHOWN = new Set(['visible', 'answered']);
/** Statuses no action leaves. */
export const FINAL = new Set(['withdrawn', 'merged']);

/** An empty state: boards and questions by id; `voted`/`mine` by question id (qa.list). */
export function createState() {
  return { boards: new Map(), questions: new Map(), voted: new Set(), mine: new Set() };
}

/**
 * A snapshot replaces the boards and questions. The caller's own pending questions are not in a
 * participant's snapshot (only in qa.list), so those already known are kept, as is what this
 * client knows of its votes and questions.
 */
export function applySnapshot(state, snap, { staff = false } = {}) {
  const keep = staff ? [] : [...state.questions.values()].filter(q => q.status === 'pending' && state.mine.has(q.question_id));
  state.boards = new Map((snap.boards || []).map(b => [b.board_id, b]));
  state.questions = new Map((snap.questions || []).map(q => [q.question_id, q]));
  for (const q of keep) if (!state.questions.has(q.question_id)) state.questions.set(q.question_id, q);
}

/**
 * A qa.list answer (participant): whose votes and questions are the caller's, and the caller's
 * own pending questions. Question objects already held are not replaced: events keep them
 * current, and the answer is no newer than they are. Returns the own pending questions that
 * left (see below).
 */
export function applyList(state, res) {
  const listed = new Set();
  for (const q of res.questions || []) {
    listed.add(q.question_id);
    if (q.voted) state.voted.add(q.question_id); else state.voted.delete(q.question_id);
    if (q.mine) state.mine.add(q.question_id);
    if (!state.questions.has(q.question_id)) state.questions.set(q.question_id, stripOwn(q));
  }
  for (const b of res.boards || []) if (!state.boards.has(b.board_id)) state.boards.set(b.board_id, b);
  // An own named question that was pending and is listed no more was hidden or merged while it
  // waited: `questions:M` never showed it, so no qa.removed tells of it. (An anonymous one is
  // never listed back to its asker; its fate cannot be learnt, so it is kept as it is.)
  const gone = [];
  for (const q of [...state.questions.values()]) {
    if (q.status === 'pending' && state.mine.has(q.question_id) && !q.anonymous && !listed.has(q.question_id)) {
      state.questions.delete(q.question_id);
      gone.push(q);
    }
  }
  return gone;
}

/** Whether the state holds an own named question that waits for approval. */
export function hasOwnNamedPending(state) {
  return [...state.questions.values()].some(q => q.status === 'pending' && !q.anonymous && state.mine.has(q.question_id));
}

function stripOwn(q) {
  const { voted, mine, ...rest } = q;
  return rest;
}

/**
 * Applies one event; returns what it did, for announcements: {kind: 'board' | 'new' | 'changed'
 * | 'removed' | 'votes' | 'ignored', question?, before?, status?}.
 */
export function applyEvent(state, ev, data, { staff = false } = {}) {
  if (ev === 'qa.board' && data.board) {
    state.boards.set(data.board.board_id, data.board);
    return { kind: 'board', board: data.board };
  }
  if (ev === 'qa.question' && data.question) {
    const q = data.question;
    const before = state.questions.get(q.question_id) || null;
    // A participant's topic tells only of questions in view; a question that left the view is
    // told by qa.removed. Anything else would be a server bug: keep the participant view clean.
    if (!staff && !SHOWN.has(q.status) && !(q.status === 'pending' && state.mine.has(q.question_id))) {
      state.questions.delete(q.question_id);
      return { kind: 'removed', question: q, before, status: q.status };
    }
    state.questions.set(q.question_id, before ? { ...before, ...q } : q);
    return { kind: before ? 'changed' : 'new', question: state.questions.get(q.question_id), before };
  }
  if (ev === 'qa.removed') {
    const before = state.questions.get(data.question_id) || null;
    state.questions.delete(data.question_id);
    return { kind: 'removed', before, status: data.status, question_id: data.question_id };
  }
  if (ev === 'qa.votes') {
    const q = state.questions.get(data.question_id);
    if (!q) return { kind: 'ignored' };
    state.questions.set(q.question_id, { ...q, votes: data.votes });
    return { kind: 'votes', question: state.questions.get(q.question_id) };
  }
  return { kind: 'ignored' };
}

/** A question this client asked or changed itself (qa.ask, qa.moderate answers). */
export function putQuestion(state, q, { mine = false } = {}) {
  if (mine) state.mine.add(q.question_id);
  const before = state.questions.get(q.question_id);
  state.questions.set(q.question_id, before ? { ...before, ...stripOwn(q) } : stripOwn(q));
}

/** The top view: pinned first, then most votes, then oldest (asked_at, then question_id). */
export function compareTop(a, b) {
  return (Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)))
    || (b.votes - a.votes)
    || String(a.asked_at).localeCompare(String(b.asked_at))
    || (a.question_id - b.question_id);
}

/** The newest view: newest first by question_id. */
export function compareNewest(a, b) {
  return b.question_id - a.question_id;
}

/** The questions of a board in `view` ('top' or 'newest'), those whose status `filter` takes. */
export function boardQuestions(state, boardId, { view = 'top', filter = () => true } = {}) {
  const list = [...state.questions.values()].filter(q => q.board_id === boardId && filter(q));
  return list.sort(view === 'newest' ? compareNewest : compareTop);
}

/** Questions of a board counted by origin: those in play (pending, visible, answered). */
export function originCounts(state, boardId) {
  const c = { room: 0, remote: 0 };
  for (const q of state.questions.values()) {
    if (q.board_id !== boardId || !['pending', 'visible', 'answered'].includes(q.status)) continue;
    if (q.origin === 'remote') c.remote += 1; else c.room += 1;
  }
  return c;
}

/** Questions of a board by status. */
export function statusCounts(state, boardId) {
  const c = { pending: 0, visible: 0, answered: 0, hidden: 0, merged: 0, withdrawn: 0 };
  for (const q of state.questions.values()) if (q.board_id === boardId && q.status in c) c[q.status] += 1;
  return c;
}

/**
 * The boards in the order a participant reads them: open before closed; among them the board
 * of the agenda item that is on now, then the meeting-wide board, then by the agenda's order
 * (`itemOrder`: item_id -> position), then the newest.
 */
export function orderedBoards(state, { nowItemId = null, itemOrder = new Map() } = {}) {
  const rank = (b) => {
    if (b.agenda_item_id !== null && b.agenda_item_id === nowItemId) return 0;
    if (b.agenda_item_id === null) return 1;
    return 2;
  };
  return [...state.boards.values()].sort((a, b) => (Number(a.status !== 'open') - Number(b.status !== 'open'))
    || (rank(a) - rank(b))
    || ((itemOrder.get(a.agenda_item_id) ?? 1e9) - (itemOrder.get(b.agenda_item_id) ?? 1e9))
    || (b.board_id - a.board_id));
}

/**
 * The board the projector shows: the one asked for (`wanted`), else an open board with a pinned
 * question (the one being answered belongs on the screen), else the first open board in
 * participant order, else any board with a pinned question; null without boards.
 */
export function projectorBoard(state, { wanted = null, nowItemId = null, itemOrder } = {}) {
  if (wanted !== null && state.boards.has(wanted)) return state.boards.get(wanted);
  const boards = orderedBoards(state, { nowItemId, itemOrder });
  const pinned = b => [...state.questions.values()].some(q => q.board_id === b.board_id && q.pinned && q.status === 'visible');
  return boards.find(b => b.status === 'open' && pinned(b))
    || boards.find(b => b.status === 'open')
    || boards.find(pinned)
    || null;
}

/** The board of an agenda item (null: the meeting-wide board), if the meeting has it. */
export function boardFor(state, agendaItemId) {
  return [...state.boards.values()].find(b => (b.agenda_item_id ?? null) === (agendaItemId ?? null)) || null;
}
