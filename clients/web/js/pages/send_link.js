// "Send me my link" (#/link, public): a person without their personal link types their e-mail
// address and the server mails them a new link (person.send_link). The answer is the same
// whether the address is known or not, so the page says "if we know the address, a link is on
// its way" and never more. Too many requests and an address that is not one are said as
// sentences. Reached from Mina träffar, a meeting's registration form and the vote page.

import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { pageHeading } from '../common.js';
import { feedback } from '../ui.js';

/** "om ungefär 5 minuter": the wait a rate_limited answer gives, rounded up to minutes. */
function waitText(err) {
  const ms = err && err.details && Number(err.details.retry_after_ms);
  // Nothing said, or the whole hour of the window left: "in an hour".
  if (!Number.isFinite(ms) || ms <= 0 || ms > 59 * 60000) return t('sendlink.wait.hour');
  return t('sendlink.wait.minutes', { n: Math.max(1, Math.ceil(ms / 60000)) });
}

export function mount(root, ctx) {
  const { conn, identity } = ctx;
  root.append(pageHeading(ctx, t('sendlink.title')));
  if (identity.person) {
    // Already signed in here: the link is not needed, but a second device may want one.
    root.append(h('p', { class: 'notice' }, t('sendlink.signedin', { name: identity.person.name }), ' ',
      h('a', { href: '#/me' }, t('sendlink.tome'))));
  }
  const email = field(t('self.email'), 'email', { id: 'sendlink-email', autocomplete: 'email', required: true, maxlength: 254, hint: t('sendlink.email.hint') });
  const fb = feedback('sendlink-feedback');
  const submit = h('button', { type: 'submit', class: 'primary', id: 'sendlink-submit' }, t('sendlink.submit'));
  // The server checks the address (and says so in the page's language): the browser's own
  // bubble would speak the browser's language, not the one chosen here.
  const form = h('form', { class: 'form card', id: 'sendlink-form', novalidate: true },
    h('p', null, t('sendlink.intro')), email.wrap, submit, fb.el);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const address = email.input.value.trim();
    if (!address) { fb.fail({ code: 'invalid_args', details: { field: 'email' }, message: '' }); return; }
    fb.busy();
    submit.disabled = true;
    try {
      await conn.request('person.send_link', { email: address });
      fb.ok(t('sendlink.accepted', { email: address }));
    } catch (err) {
      // Too many requests is said as what it means here (per hour, per address and per
      // computer), with the wait when the server tells it.
      fb.fail(err.code === 'rate_limited' ? { ...err, code: 'sendlink_rate_limited' } : err);
      if (err.code === 'rate_limited') fb.el.querySelector('.error > p').append(' ', waitText(err));
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form,
    h('section', { class: 'card', 'aria-labelledby': 'sendlink-more' },
      h('h2', { id: 'sendlink-more' }, t('sendlink.more')),
      h('ul', null,
        h('li', null, t('sendlink.more.spam')),
        h('li', null, t('sendlink.more.old')),
        h('li', null, t('sendlink.more.none'))),
      h('p', null, h('a', { href: '#/me' }, t('sendlink.paste')))));
  ctx.ready();
  return null;
}
