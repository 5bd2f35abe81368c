// Pieces of the Q&A views that the phone page, the facilitator's panel and the projector share:
// a board's name, the origin badge (a word, with colour as a second sign only), a question's
// asker line, a short form of a long question for button names, and a polite announcer that
// gathers what happens in a burst into one sentence.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** "Frågor till hela träffen" or "Frågor: Panelsamtal om unga" (the agenda item's title). */
export function boardTitle(board, agenda) {
  if (!board || board.agenda_item_id === null || board.agenda_item_id === undefined) return t('qa.board.meeting');
  const item = agenda && agenda.items.find(i => i.item_id === board.agenda_item_id);
  return t('qa.board.item', { title: item ? item.title : t('qa.board.item.unknown', { id: String(board.agenda_item_id) }) });
}

/** The board's short name, for a choice among boards: "Hela träffen" or the item's title. */
export function boardName(board, agenda) {
  if (!board || board.agenda_item_id === null || board.agenda_item_id === undefined) return t('qa.board.meeting.short');
  const item = agenda && agenda.items.find(i => i.item_id === board.agenda_item_id);
  return item ? item.title : t('qa.board.item.unknown', { id: String(board.agenda_item_id) });
}

/** The agenda's items by id -> position, for ordering boards. */
export function itemOrder(agenda) {
  return new Map(((agenda && agenda.items) || []).map(i => [i.item_id, i.position]));
}

/** "i rummet" / "på distans", as a badge. */
export function originBadge(origin) {
  const o = origin === 'remote' ? 'remote' : 'room';
  return h('span', { class: `badge qa-origin qa-origin-${o}` }, t(`qa.origin.${o}`));
}

/** Who asked: the name, "Anonym" for anonymous questions, nothing for an erased asker. */
export function askerText(q) {
  if (q.anonymous) return t('qa.anonymous');
  return q.name || t('qa.noname');
}

/** A question cut to `max` characters (whole words where it can) for a button's name. */
export function shortText(text, max = 60) {
  const s = String(text || '');
  if ([...s].length <= max) return s;
  const cut = [...s].slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** "12 röster", with the number in a span of its own (styled and read as one). */
export function votesText(n) {
  return t('qa.votes', { n });
}

/**
 * A visually hidden polite live region that says at most one sentence per `delayMs`: one new
 * question is read out with its text, several at once as a count (a room asking at once would
 * otherwise drown a screen reader). `say(text)` puts a sentence of its own in the queue.
 */
export function announcer(id, { delayMs = 1200, one, many } = {}) {
  const el = h('p', { class: 'visually-hidden', id, 'aria-live': 'polite', 'aria-atomic': 'true' });
  let queued = [];
  let said = [];
  let timer = null;
  const flush = () => {
    timer = null;
    const parts = [];
    if (queued.length === 1) parts.push(one(queued[0]));
    else if (queued.length > 1) parts.push(many(queued.length));
    parts.push(...said);
    queued = [];
    said = [];
    el.textContent = parts.join(' ');
  };
  const schedule = () => { if (!timer) timer = setTimeout(flush, delayMs); };
  return {
    el,
    question(q) { queued.push(q); schedule(); },
    say(text) { said.push(text); schedule(); },
    stop() { clearTimeout(timer); },
  };
}

// Errors of the Q&A ops with a sentence of their own (PROTOCOL.md "Questions" names what each
// code means for each op); the rest keep the general sentence. The server's message stays in
// the error for the details element.
const OWN_ERRORS = {
  'qa.ask': { conflict: 'qa_ask_conflict', forbidden: 'qa_ask_forbidden', rate_limited: 'qa_ask_rate_limited', 'invalid_args.text': 'qa_ask_text' },
  'qa.vote': { conflict: 'qa_vote_conflict', forbidden: 'qa_vote_forbidden', rate_limited: 'qa_vote_rate_limited' },
  'qa.withdraw': { forbidden: 'qa_withdraw_forbidden', conflict: 'qa_moderate_conflict' },
  'qa.moderate': { conflict: 'qa_moderate_conflict', 'invalid_args.into': 'qa_merge_into', 'invalid_args.reason': 'qa_hide_reason' },
  'qa.mute': { conflict: 'qa_mute_conflict' },
  'qa.open': { conflict: 'qa_board_conflict' },
  'qa.close': { conflict: 'qa_board_conflict' },
};

/** The error of a Q&A op with the code of its own sentence (`error.qa_…`), where it has one. */
export function qaError(op, err) {
  if (!err || !OWN_ERRORS[op]) return err;
  const field = err.details && err.details.field;
  const own = (field && OWN_ERRORS[op][`${err.code}.${field}`]) || OWN_ERRORS[op][err.code];
  return own ? { ...err, code: own, details: undefined, message: `${err.code}${field ? ` (${field})` : ''}: ${err.message || ''}` } : err;
}
