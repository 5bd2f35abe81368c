// How a mail of the outbox (PROTOCOL.md "Mail", the mail object) is shown to coordinators: its
// kind in words, its delivery state as a badge with the time that matters for that state (sent:
// when it went; queued: when the next attempt is; failed or dropped: when it was written), and
// the mail server's reply. Used by the coordinator's mail page and the attendee list.

import { h } from './dom.js';
import { t, formatDateTime } from './i18n.js';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dropped'];

/** "Bekräftelse", "Personlig länk", …: what the mail was about. */
export function mailKind(mail) {
  return t(`mail.kind.${mail.kind}`);
}

/** The time a state is told with, as a sentence: "skickat 2 dec. 2026 14:02". */
export function mailWhen(mail) {
  if (mail.status === 'sent' && mail.sent_at) return t('mail.when.sent', { when: formatDateTime(mail.sent_at) });
  if (mail.status === 'queued' && mail.next_attempt_at && mail.attempts > 0) {
    return t('mail.when.retry', { when: formatDateTime(mail.next_attempt_at), n: mail.attempts });
  }
  return t('mail.when.written', { when: formatDateTime(mail.created_at) });
}

/** The state as a badge (colour and word, never colour alone). */
export function mailBadge(mail) {
  return h('span', { class: `badge mail-badge mail-${mail.status}`, dataset: { status: mail.status } }, t(`mail.status.${mail.status}`));
}

/**
 * A registration's last mail in a table cell: badge, kind and time; "Inget mejl" without one.
 * The reply of a failed or dropped mail is shown beside it (it says what to fix).
 */
export function lastMailCell(mail) {
  if (!mail) return h('span', { class: 'muted' }, t('mail.none'));
  return h('div', { class: 'mail-cell', dataset: { mailId: mail.mail_id, status: mail.status } },
    mailBadge(mail), ' ', h('span', null, `${mailKind(mail)}, ${mailWhen(mail)}`),
    (mail.status === 'failed' || mail.status === 'dropped') && mail.last_reply
      ? h('p', { class: 'mail-reply' }, h('span', null, `${t('mail.reply')}: `), h('code', { lang: 'en' }, mail.last_reply)) : null);
}
