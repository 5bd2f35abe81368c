// On the vote page: when one of the meeting's question boards is open, a line that says so and
// leads to the questions page (#/questions/M). A phone that scanned the poll link's QR code lands
// on the vote page (the code encodes only the join URL), so this is how it finds the questions.
// Live on `questions:M`; a caller who may not read it just does not see the line.

import { h, patch } from '../dom.js';
import { t } from '../i18n.js';
import { createState, applySnapshot, applyEvent } from './board_state.js';

export function questionsNotice(conn, meetingId) {
  const el = h('div', { id: 'qa-notice' });
  const st = createState();
  function render() {
    const open = [...st.boards.values()].filter(b => b.status === 'open').length;
    patch(el, open ? h('p', { class: 'qa-notice' },
      h('span', null, t('qa.notice', { n: open })), ' ',
      h('a', { href: `#/questions/${meetingId}`, class: 'button-link', id: 'qa-notice-go' }, t('qa.notice.go'))) : null);
  }
  const stop = conn.subscribe(`questions:${meetingId}`, {
    onSnapshot(snap) { applySnapshot(st, snap); render(); },
    onEvent(ev, data) { if (ev === 'qa.board') { applyEvent(st, ev, data); render(); } },
    onError() { patch(el); },
  });
  return { el, stop };
}
