// Audience join: a device opened the meeting's poll link (/?join=<code>), or someone types the
// code shown on the screen. The device gets a device token (audience.join), kept for that
// meeting's vote page only (a person signed in on this browser stays signed in), and goes there.

import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { pageHeading } from '../common.js';
import { feedback, send } from '../ui.js';
import { deviceToken } from '../session.js';

export function mount(root, ctx) {
  const { conn, params } = ctx;
  root.append(pageHeading(ctx, t('join.title')));
  const fb = feedback('join-feedback');
  const join = async (code) => {
    const res = await send(fb, conn.request('audience.join', { code: code.replace(/\s+/g, '') }), null, { focus: false });
    if (res) ctx.setDeviceToken(res.meeting_id, res.token);
  };
  const code = params.get('code');
  const input = field(t('join.code'), 'text', { id: 'join-code', autocomplete: 'off', required: true, value: code || '', hint: t('join.code.hint') });
  const form = h('form', { class: 'form card', id: 'join-form' }, input.wrap,
    h('button', { type: 'submit', class: 'primary' }, t('join.submit')), fb.el);
  form.addEventListener('submit', (e) => { e.preventDefault(); join(input.input.value); });
  root.append(h('p', null, t('join.intro')), form);
  ctx.ready();
  if (code) join(code);
  return null;
}

/** Whether this browser holds a device token for the meeting (the vote page says so). */
export function joined(meetingId) { return Boolean(deviceToken(meetingId)); }
