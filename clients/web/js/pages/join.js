// Audience join: a device opened the meeting's poll link (/?join=<code>). It gets a device token
// (audience.join) and goes to the vote page of that meeting.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageHeading, errorBox } from '../common.js';

export function mount(root, ctx) {
  const { conn, params } = ctx;
  root.append(pageHeading(ctx, t('join.title')));
  const status = h('p', { role: 'status' }, t('app.sending'));
  root.append(status);
  const code = params.get('code');
  ctx.ready();
  if (!code) { status.textContent = t('join.nocode'); return null; }
  conn.request('audience.join', { code }).then((r) => {
    history.replaceState(null, '', `/#/vote/${r.meeting_id}`);
    ctx.setToken(r.token);
  }, (err) => { status.textContent = ''; root.append(errorBox(err)); });
  return null;
}
