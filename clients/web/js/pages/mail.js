// Mail (coordinator, #/coordinate/mail?meeting=M): what the server mailed and how it went. First
// the failed mails, each with the mail server's reply, a button that sends it again (mail.resend:
// to the person's current address, so correct the address first on Personer och länkar) and one
// that mails the person a new personal link (person.resend_link); then, for a chosen meeting,
// every registration with its last mail (registration.list with mail: true); then all mails,
// newest first, filtered by state, with older ones a page at a time. Mails change state by
// themselves while the mailer works (there is no event for it): while any shown mail is still
// queued or being sent, the page looks again every few seconds.

import { h, patch, field, idemKey } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { pageHeading, section } from '../common.js';
import { feedback, send, labelled } from '../ui.js';
import { MAIL_STATUSES, mailKind, mailWhen, mailBadge, lastMailCell } from '../mail_views.js';

const PAGE = 20;
const REFRESH_MS = 3000;

export function mount(root, ctx) {
  const { conn, identity } = ctx;
  root.append(pageHeading(ctx, t('mail.title')));
  if (identity.role !== 'coordinator') {
    root.append(h('p', null, t('coord.forbidden')));
    ctx.ready();
    return null;
  }
  const networkId = Number(ctx.params.get('network') || 1);
  const s = {
    meetings: [],
    meetingId: ctx.params.get('meeting') ? Number(ctx.params.get('meeting')) : null,
    status: ctx.params.get('status') || '',
    failed: null, all: null, allMore: false, regs: null,
  };
  let stopped = false;
  let timer = null;

  const fb = feedback('mail-feedback');
  const filterSec = h('div', { class: 'card' });
  const failedSec = section('mail-failed', t('mail.failed'));
  const regsSec = section('mail-registrations', t('mail.registrations'));
  const allSec = section('mail-all', t('mail.all'));
  root.append(h('p', { class: 'lead' }, t('mail.intro')), filterSec, fb.el, failedSec.section, regsSec.section, allSec.section);

  // --- filters ------------------------------------------------------------------------------
  const meetingSel = field(t('mail.filter.meeting'), 'select', { id: 'mail-meeting', value: '' }, [{ value: '', label: t('mail.filter.allmeetings') }]);
  const statusSel = field(t('mail.filter.status'), 'select', { id: 'mail-status', value: s.status },
    [{ value: '', label: t('mail.filter.allstatus') }].concat(MAIL_STATUSES.map(x => ({ value: x, label: t(`mail.status.${x}`) }))));
  const refresh = h('button', { type: 'button', id: 'mail-refresh', onclick: () => loadAll(true) }, t('mail.refresh'));
  patch(filterSec, h('form', { class: 'form filters', id: 'mail-filter', role: 'search', onsubmit: (e) => { e.preventDefault(); loadAll(true); } },
    meetingSel.wrap, statusSel.wrap, refresh));
  meetingSel.input.addEventListener('change', () => { s.meetingId = meetingSel.input.value ? Number(meetingSel.input.value) : null; keepInAddress(); loadAll(true); });
  statusSel.input.addEventListener('change', () => { s.status = statusSel.input.value; keepInAddress(); loadAll(true); });

  /** The filters stay in the address, so a reload or a shared link shows the same list. */
  function keepInAddress() {
    const q = new URLSearchParams();
    if (s.meetingId) q.set('meeting', String(s.meetingId));
    if (s.status) q.set('status', s.status);
    const hash = `#/coordinate/mail${q.toString() ? `?${q}` : ''}`;
    history.replaceState(null, '', hash);
  }

  function meetingTitle(mid) {
    const m = s.meetings.find(x => x.meeting_id === mid);
    return m ? m.title : t('mail.meeting.unknown', { id: mid });
  }

  // --- one mail -----------------------------------------------------------------------------
  async function resend(mail) {
    const res = await send(fb, conn.request('mail.resend', { mail_id: mail.mail_id }, { idem: idemKey('resend') }),
      r => t('mail.resent', { to: r.mail.recipient }));
    if (res) loadAll(false);
  }

  async function resendLink(mail) {
    const res = await send(fb, conn.request('person.resend_link', { person_id: mail.person_id }, { idem: idemKey('relink') }),
      r => t('mail.link.resent', { to: r.mail.recipient }));
    if (res) loadAll(false);
  }

  /** The newest resend of `mail` among the mails shown, if any: a failed mail may be done with. */
  function resentAs(mail) {
    const shown = [...(s.all || []), ...(s.failed || []), ...(s.regs || []).map(r => r.last_mail).filter(Boolean)];
    return shown.filter(m => m.resend_of === mail.mail_id).sort((a, b) => b.mail_id - a.mail_id)[0] || null;
  }

  function mailItem(mail, prefix) {
    const id = `${prefix}-${mail.mail_id}`;
    const busy = mail.status === 'queued' || mail.status === 'sending';
    const again = mail.status === 'failed' || mail.status === 'dropped' ? resentAs(mail) : null;
    const what = t('mail.item', { kind: mailKind(mail), to: mail.recipient });
    return h('li', { class: `mail-item mail-${mail.status}`, dataset: { mailId: mail.mail_id, status: mail.status } },
      h('h3', { id: `${id}-title` }, mailBadge(mail), ' ', what),
      h('p', { class: 'muted' }, [
        mailWhen(mail),
        mail.meeting_id ? t('mail.about', { title: meetingTitle(mail.meeting_id) }) : null,
        mail.resend_of ? t('mail.resend.of', { id: mail.resend_of }) : null,
      ].filter(Boolean).join(' · ')),
      mail.subject ? h('p', null, h('span', null, `${t('mail.subject')}: `), mail.subject) : null,
      mail.last_reply ? h('p', { class: 'mail-reply' }, h('span', null, `${t('mail.reply')}: `), h('code', { lang: 'en' }, mail.last_reply)) : null,
      again ? h('p', { class: 'notice mail-resent' }, t('mail.resent.as', { to: again.recipient, status: t(`mail.status.${again.status}`).toLowerCase() })) : null,
      busy ? null : h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'small', id: `${id}-resend`, onclick: () => resend(mail) }, labelled(t('mail.resend', { to: mail.recipient }))),
        mail.person_id && mail.kind !== 'personal_link'
          ? h('button', { type: 'button', class: 'small', id: `${id}-link`, onclick: () => resendLink(mail) }, labelled(t('mail.link.resend', { to: mail.recipient }))) : null));
  }

  function mailList(list, prefix, empty) {
    if (!list) return h('p', null, t('app.loading'));
    if (!list.length) return h('p', null, empty);
    return h('ul', { class: 'mails' }, list.map(m => mailItem(m, prefix)));
  }

  // --- the sections -------------------------------------------------------------------------
  function renderFailed() {
    patch(failedSec.body,
      h('p', null, t('mail.failed.help')),
      mailList(s.failed, 'failed', s.meetingId ? t('mail.failed.none.meeting', { title: meetingTitle(s.meetingId) }) : t('mail.failed.none')));
  }

  function renderRegs() {
    regsSec.section.hidden = !s.meetingId;
    if (!s.meetingId) { patch(regsSec.body); return; }
    const m = s.meetings.find(x => x.meeting_id === s.meetingId);
    if (!s.regs) { patch(regsSec.body, h('p', null, t('app.loading'))); return; }
    if (!s.regs.length) { patch(regsSec.body, h('p', null, t('mail.registrations.none'))); return; }
    patch(regsSec.body, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'mail-regs-caption' },
      h('table', { class: 'mail-regs' },
        h('caption', { id: 'mail-regs-caption' }, t('mail.registrations.caption', { title: m ? m.title : meetingTitle(s.meetingId) })),
        h('thead', null, h('tr', null, [t('fac.col.name'), t('mail.col.registration'), t('mail.col.last')].map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', null, s.regs.map(r => h('tr', { dataset: { registrationId: r.registration_id } },
          h('th', { scope: 'row' }, r.person ? r.person.name : `#${r.person_id}`, r.person ? h('br') : null, r.person ? h('span', { class: 'muted' }, r.person.email) : null),
          h('td', null, r.status === 'waitlisted' ? t('mail.reg.waitlisted', { mode: t(`mode.${r.mode}`), n: r.waitlist_position }) : t('mail.reg.confirmed', { mode: t(`mode.${r.mode}`) })),
          h('td', null, lastMailCell(r.last_mail), r.last_mail && r.last_mail.status !== 'queued' && r.last_mail.status !== 'sending'
            ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small', id: `reg-${r.registration_id}-resend`, onclick: () => resend(r.last_mail) },
              labelled(t('mail.resend', { to: r.person ? r.person.name : r.last_mail.recipient })))) : null)))))));
  }

  function renderAll() {
    patch(allSec.body,
      mailList(s.all, 'all', t('mail.all.none')),
      s.allMore ? h('div', { class: 'actions pager' }, h('button', { type: 'button', id: 'mail-older', onclick: loadOlder }, t('mail.older'))) : null);
  }

  // --- loading ------------------------------------------------------------------------------
  function scope(extra) {
    const args = { ...extra };
    if (s.meetingId) args.meeting_id = s.meetingId;
    return args;
  }

  // Only the latest load is shown: answers may come in another order than the requests
  // (PROTOCOL.md), and a filter changed meanwhile must not be undone by an older answer.
  let loadSeq = 0;
  async function loadAll(reset) {
    clearTimeout(timer);
    const seq = ++loadSeq;
    if (reset) { s.failed = null; s.all = null; s.regs = null; }
    try {
      const [failed, all, regs] = await Promise.all([
        conn.request('mail.list', scope({ status: 'failed', limit: 50 })),
        conn.request('mail.list', scope({ ...(s.status ? { status: s.status } : {}), limit: Math.max(PAGE, (s.all || []).length) })),
        s.meetingId ? conn.request('registration.list', { meeting_id: s.meetingId, mail: true }) : Promise.resolve(null),
      ]);
      if (stopped || seq !== loadSeq) return;
      s.failed = failed.mails;
      s.all = all.mails;
      s.allMore = all.more;
      s.regs = regs ? regs.registrations : null;
      fb.el.querySelector('.error') && fb.clear();
    } catch (err) {
      if (stopped || seq !== loadSeq) return;
      fb.fail(err, { focus: false });
    }
    renderFailed(); renderRegs(); renderAll();
    ctx.ready();
    // Look again while the mailer still has work among what is shown.
    const shown = [...(s.failed || []), ...(s.all || []), ...(s.regs || []).map(r => r.last_mail).filter(Boolean)];
    if (shown.some(m => m.status === 'queued' || m.status === 'sending')) timer = setTimeout(() => loadAll(false), REFRESH_MS);
  }

  async function loadOlder() {
    const last = s.all[s.all.length - 1];
    try {
      const r = await conn.request('mail.list', scope({ ...(s.status ? { status: s.status } : {}), before: last.mail_id, limit: PAGE }));
      s.all = s.all.concat(r.mails);
      s.allMore = r.more;
      renderAll();
      // Keyboard focus goes on to the first of the newly shown mails.
      const first = r.mails[0] && document.getElementById(`all-${r.mails[0].mail_id}-resend`);
      if (first) first.focus(); else document.getElementById('mail-older')?.focus();
    } catch (err) {
      fb.fail(err);
    }
  }

  renderFailed(); renderRegs(); renderAll();
  conn.request('meeting.list', { network_id: networkId }).then((r) => {
    s.meetings = r.meetings.slice().sort((a, b) => b.starts_at.localeCompare(a.starts_at));
    patch(meetingSel.input, [{ value: '', label: t('mail.filter.allmeetings') }]
      .concat(s.meetings.map(m => ({ value: String(m.meeting_id), label: `${m.title} (${formatDate(m.starts_at, m.zone)})` })))
      .map(o => h('option', { value: o.value }, o.label)));
    meetingSel.input.value = s.meetingId ? String(s.meetingId) : '';
    return loadAll(true);
  }, (err) => { fb.fail(err, { focus: false }); ctx.ready(); });

  return () => { stopped = true; clearTimeout(timer); };
}
