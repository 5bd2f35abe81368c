// People and links (coordinator): a searchable list of people per organisation (person.list,
// paged), adding and editing a person, their personal link (issue, re-issue, revoke, copy with
// one click), mailing them a new link (person.resend_link) and the language of their mail
// (person.set_language), importing people from a CSV file with a preview and an error per row,
// and the organisations' invitation codes for self-registration (create, rotate, revoke).

import { h, patch, field, idemKey } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { pageHeading, section } from '../common.js';
import { feedback, send, confirmDialog, copyField, labelled } from '../ui.js';
import { parseCsv, importRows } from '../people_import.js';

const PAGE = 20;

export function mount(root, ctx) {
  const { conn, identity } = ctx;
  root.append(pageHeading(ctx, t('people.title')));
  if (identity.role !== 'coordinator') {
    root.append(h('p', null, t('coord.forbidden')));
    ctx.ready();
    return null;
  }
  const s = { orgs: [], list: null, offset: 0, org: '', query: '', editing: null, links: new Map() };
  const listSec = section('people-list', t('people.list'));
  const addSec = section('people-add', t('coord.person'));
  const importSec = section('people-import', t('import.title'));
  const inviteSec = section('people-invitations', t('invite.title'));
  root.append(h('p', { class: 'lead' }, t('people.intro')), listSec.section, addSec.section, importSec.section, inviteSec.section);

  const orgName = oid => (s.orgs.find(o => o.organisation.organisation_id === oid) || { organisation: { name: `#${oid}` } }).organisation.name;
  const orgOptions = () => s.orgs.map(o => ({ value: String(o.organisation.organisation_id), label: o.organisation.name }));
  const roleOptions = () => ['official', 'elected'].map(r => ({ value: r, label: t(`role.${r}`) }));
  const languageOptions = () => ['sv', 'en'].map(l => ({ value: l, label: t(`language.${l}`) }));

  // --- the list -----------------------------------------------------------------------------
  const filterOrg = field(t('people.filter.org'), 'select', { id: 'people-org', value: '' }, [{ value: '', label: t('people.filter.all') }]);
  const filterQuery = field(t('people.filter.query'), 'search', { id: 'people-query', autocomplete: 'off', hint: t('people.filter.hint') });
  const filterForm = h('form', { class: 'form filters', id: 'people-filter', role: 'search' }, filterOrg.wrap, filterQuery.wrap,
    h('button', { type: 'submit' }, t('people.filter.submit')));
  const listBox = h('div', { id: 'people-table' });
  const listFb = feedback('people-feedback');
  listSec.body.append(filterForm, listFb.el, listBox);
  let searchTimer = null;
  const search = () => { s.offset = 0; s.org = filterOrg.input.value; s.query = filterQuery.input.value.trim(); load(); };
  filterForm.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(searchTimer); search(); });
  filterOrg.input.addEventListener('change', search);
  filterQuery.input.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 300); });

  // Answers may come in another order than the requests (PROTOCOL.md): only the answer to the
  // latest list request is shown, so a slow answer to an earlier search cannot replace a newer
  // list (and close the edit form opened in it).
  let loadSeq = 0;
  async function load() {
    const seq = ++loadSeq;
    const args = { limit: PAGE, offset: s.offset };
    if (s.org) args.organisation_id = Number(s.org);
    if (s.query) args.query = s.query;
    try {
      const list = await conn.request('person.list', args);
      if (seq !== loadSeq) return;
      s.list = list;
      renderList();
    } catch (err) {
      if (seq === loadSeq) listFb.fail(err, { focus: false });
    }
  }

  function linkCell(p) {
    const made = s.links.get(p.person_id);
    const status = p.link_issued_at ? t('people.link.since', { when: formatDateTime(p.link_issued_at) }) : t('people.link.none');
    return h('div', { class: 'link-cell' },
      h('p', { class: 'muted' }, status),
      made ? copyField(t('coord.p.link', { name: p.name }), made, { id: `link-${p.person_id}`, hint: t('people.link.once') }) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'small', id: `link-issue-${p.person_id}`, onclick: () => issue(p) },
          labelled(p.link_issued_at ? t('people.link.reissue', { name: p.name }) : t('people.link.issue', { name: p.name }))),
        h('button', { type: 'button', class: 'small', id: `link-mail-${p.person_id}`, onclick: () => mailLink(p) }, labelled(t('people.link.mail', { name: p.name }))),
        p.link_issued_at ? h('button', { type: 'button', class: 'small danger', id: `link-revoke-${p.person_id}`, onclick: () => revoke(p) }, labelled(t('people.link.revoke', { name: p.name }))) : null));
  }

  /** A new personal link by mail; the person's other links keep working (PROTOCOL.md). */
  async function mailLink(p) {
    const res = await send(listFb, conn.request('person.resend_link', { person_id: p.person_id }, { idem: idemKey('mlink') }),
      r => t('people.link.mailed', { name: p.name, to: r.mail.recipient }));
    if (res) load();
  }

  async function issue(p) {
    if (p.link_issued_at) {
      const ok = await confirmDialog({ title: t('people.link.reissue.title', { name: p.name }), body: t('people.link.reissue.body'), confirm: t('people.link.reissue.yes'), danger: false });
      if (!ok) return;
    }
    const res = await send(listFb, conn.request('person.link', { person_id: p.person_id }, { idem: idemKey('link') }), null, { focus: false });
    if (!res || !res.url) return;
    s.links.set(p.person_id, res.url);
    p.link_issued_at = new Date().toISOString();
    renderList();
    listFb.ok(t('people.link.issued', { name: p.name }), { focus: false });
    document.getElementById(`link-${p.person_id}-copy`)?.focus();
  }

  async function revoke(p) {
    const ok = await confirmDialog({ title: t('people.link.revoke.title', { name: p.name }), body: t('people.link.revoke.body'), confirm: t('people.link.revoke.yes') });
    if (!ok) return;
    const res = await send(listFb, conn.request('person.link.revoke', { person_id: p.person_id }, { idem: idemKey('unlink') }), t('people.link.revoked', { name: p.name }));
    if (res) { s.links.delete(p.person_id); p.link_issued_at = null; renderList(); listFb.ok(t('people.link.revoked', { name: p.name })); }
  }

  // The open edit form survives a refresh of the list (a search finishing meanwhile).
  let editForm = null;
  function editRow(p) {
    if (editForm && editForm.personId === p.person_id) return editForm.el;
    const pid = `edit-${p.person_id}`;
    const name = field(t('self.name'), 'text', { id: `${pid}-name`, required: true, maxlength: 200, value: p.name });
    const email = field(t('self.email'), 'email', { id: `${pid}-email`, required: true, maxlength: 254, value: p.email });
    const org = field(t('coord.p.org'), 'select', { id: `${pid}-org`, value: String(p.organisation_id) }, orgOptions());
    const role = field(t('self.role'), 'select', { id: `${pid}-role`, value: p.role }, roleOptions());
    const lang = field(t('people.language'), 'select', { id: `${pid}-language`, value: p.language || 'sv' }, languageOptions());
    const fb = feedback(`${pid}-feedback`);
    const save = h('button', { type: 'submit', class: 'primary' }, t('people.save'));
    const form = h('form', { class: 'form', id: `${pid}-form` }, name.wrap, email.wrap, org.wrap, role.wrap, lang.wrap,
      h('div', { class: 'actions' }, save, h('button', { type: 'button', onclick: () => { s.editing = null; editForm = null; renderList(); document.getElementById(`person-edit-${p.person_id}`)?.focus(); } }, t('app.cancel'))), fb.el);
    editForm = { personId: p.person_id, el: form };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const args = { person_id: p.person_id };
      if (name.input.value.trim() !== p.name) args.name = name.input.value.trim();
      if (email.input.value.trim() !== p.email) args.email = email.input.value.trim();
      if (Number(org.input.value) !== p.organisation_id) args.organisation_id = Number(org.input.value);
      if (role.input.value !== p.role) args.role = role.input.value;
      // The language is an op of its own (the person may set it too): sent after the rest.
      const language = lang.input.value !== (p.language || 'sv') ? lang.input.value : null;
      if (Object.keys(args).length === 1 && !language) { s.editing = null; editForm = null; renderList(); return; }
      const saved = (async () => {
        const r = Object.keys(args).length > 1 ? await conn.request('person.update', args, { idem: idemKey('pupd') }) : { person: {} };
        if (language) Object.assign(r.person, (await conn.request('person.set_language', { person_id: p.person_id, language }, { idem: idemKey('plang') })).person);
        return r;
      })();
      const res = await send(fb, saved, null, { button: save });
      if (res) {
        Object.assign(p, res.person);
        s.editing = null;
        editForm = null;
        renderList();
        load();
        listFb.ok(t('people.saved', { name: p.name }));
      }
    });
    return form;
  }

  function renderList() {
    // The open edit form is moved into the new list while it is built, before patch() could
    // note where focus was: note it here.
    const active = document.activeElement;
    const focusId = active && listBox.contains(active) && active.id ? active.id : null;
    const r = s.list;
    if (!r) return;
    if (!r.people.length) { patch(listBox, h('p', null, t('people.none'))); return; }
    const from = r.offset + 1;
    const to = r.offset + r.people.length;
    const rows = r.people.map(p => h('li', { class: 'person-row', dataset: { personId: p.person_id } },
      s.editing === p.person_id ? editRow(p) : [
        h('div', { class: 'person-main' },
          h('strong', { class: 'person-name' }, p.name), ' ',
          h('span', { class: 'muted' }, `${t(`role.${p.role}`)} · ${orgName(p.organisation_id)}`), h('br'),
          h('span', { class: 'person-email' }, p.email)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small', id: `person-edit-${p.person_id}`, onclick: () => { s.editing = p.person_id; renderList(); document.getElementById(`edit-${p.person_id}-name`)?.focus(); } }, labelled(t('people.edit', { name: p.name })))),
        linkCell(p)]));
    patch(listBox,
      h('p', { class: 'muted', id: 'people-count' }, t('people.showing', { from, to, n: r.total, count: 'n' })),
      h('ul', { class: 'people' }, rows),
      h('div', { class: 'actions pager' },
        h('button', { type: 'button', id: 'people-prev', disabled: r.offset === 0, onclick: () => { s.offset = Math.max(0, r.offset - PAGE); load(); } }, t('people.prev')),
        h('button', { type: 'button', id: 'people-next', disabled: to >= r.total, onclick: () => { s.offset = r.offset + PAGE; load(); } }, t('people.next'))));
    if (focusId && document.activeElement !== document.getElementById(focusId)) document.getElementById(focusId)?.focus();
  }

  // --- add one person -----------------------------------------------------------------------
  function renderAdd() {
    const name = field(t('self.name'), 'text', { id: 'p-name', required: true, maxlength: 200, autocomplete: 'off' });
    const email = field(t('self.email'), 'email', { id: 'p-email', required: true, maxlength: 254, autocomplete: 'off' });
    const org = field(t('coord.p.org'), 'select', { id: 'p-org', value: '', required: true }, [{ value: '', label: t('people.choose.org') }].concat(orgOptions()));
    const role = field(t('self.role'), 'select', { id: 'p-role', value: 'official' }, roleOptions());
    const lang = field(t('people.language'), 'select', { id: 'p-language', value: 'sv' }, languageOptions());
    const mailIt = h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'p-send-link', checked: true }), h('label', { for: 'p-send-link' }, t('people.sendlink')));
    const fb = feedback('person-feedback');
    const out = h('div', { id: 'p-link' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'person-create' }, t('coord.p.submit'));
    const form = h('form', { class: 'form', id: 'person-form' }, h('p', null, t('coord.p.help')), name.wrap, email.wrap, org.wrap, role.wrap, lang.wrap, mailIt, submit, fb.el, out);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const sendLink = mailIt.querySelector('input').checked;
      const res = await send(fb, conn.request('person.create', { name: name.input.value.trim(), email: email.input.value.trim(), organisation_id: Number(org.input.value), role: role.input.value, language: lang.input.value, send_link: sendLink }, { idem: idemKey('person') }),
        r => (sendLink ? t('people.created.mailed', { name: r.person.name, to: r.person.email }) : t('coord.p.created.named', { name: r.person.name })), { button: submit });
      if (res && res.token) {
        const link = `${location.origin}/#/me?token=${res.token}`;
        patch(out, copyField(t('coord.p.link', { name: res.person.name }), link, { id: 'p-link-value', hint: t('people.link.once') }));
        name.input.value = '';
        email.input.value = '';
        load();
      }
    });
    patch(addSec.body, form);
  }

  // --- import from CSV ------------------------------------------------------------------------
  function renderImport() {
    const file = field(t('import.file'), 'file', { id: 'import-file', accept: '.csv,text/csv,text/plain', hint: t('import.file.hint') });
    const text = field(t('import.text'), 'textarea', { id: 'import-text', rows: 5, hint: t('import.text.hint') });
    const preview = h('div', { id: 'import-preview' });
    const fb = feedback('import-feedback');
    const check = h('button', { type: 'submit', id: 'import-check' }, t('import.check'));
    const form = h('form', { class: 'form', id: 'import-form' }, h('p', null, t('import.help')), file.wrap, text.wrap, check, fb.el, preview);
    file.input.addEventListener('change', async () => {
      const chosen = file.input.files && file.input.files[0];
      if (chosen) text.input.value = await chosen.text();
    });
    let rows = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      rows = importRows(parseCsv(text.input.value), s.orgs.map(o => o.organisation));
      renderPreview();
      const bad = rows.filter(r => r.errors.length).length;
      if (!rows.length) fb.fail({ code: 'import_empty', message: '' });
      else fb.ok(t('import.checked', { n: rows.length, bad }));
    });
    function renderPreview() {
      if (!rows.length) { patch(preview); return; }
      const good = rows.filter(r => !r.errors.length && !r.done);
      const run = h('button', { type: 'button', class: 'primary', id: 'import-run', disabled: !good.length }, t('import.run', { n: good.length }));
      run.addEventListener('click', async () => {
        run.disabled = true;
        for (const r of good) {
          try {
            const res = await conn.request('person.create', r.args, { idem: r.idem });
            r.done = true;
            r.link = res.token ? `${location.origin}/#/me?token=${res.token}` : null;
          } catch (err) {
            r.errors.push({ server: err });
          }
          renderPreview();
        }
        const made = rows.filter(x => x.done).length;
        fb.ok(t('import.done', { n: made }));
        load();
      });
      patch(preview, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'import-caption' },
        h('table', { class: 'import-table' },
          h('caption', { id: 'import-caption' }, t('import.preview')),
          h('thead', null, h('tr', null, [t('import.col.row'), t('self.name'), t('self.email'), t('coord.p.org'), t('self.role'), t('import.col.status')].map(x => h('th', { scope: 'col' }, x)))),
          h('tbody', null, rows.map(r => h('tr', { class: r.errors.length ? 'bad' : r.done ? 'done' : 'ok', dataset: { line: r.line } },
            h('th', { scope: 'row' }, String(r.line)),
            h('td', null, r.name), h('td', null, r.email), h('td', null, r.orgText), h('td', null, r.roleText),
            h('td', null, r.errors.length ? h('ul', { class: 'row-errors' }, r.errors.map(e => h('li', null, e.server ? importServerError(e.server) : t(`import.error.${e.code}`, e))))
              : r.done ? (r.link ? copyField(t('coord.p.link', { name: r.name }), r.link, { id: `import-link-${r.line}` }) : t('import.created'))
                : t('import.ready'))))))),
      run);
    }
    patch(importSec.body, form);
  }
  function importServerError(err) {
    if (err.code === 'conflict') return t('import.error.exists');
    return t('import.error.server');
  }

  // --- invitation codes -----------------------------------------------------------------------
  const invites = new Map();  // organisation id -> code shown once
  const inviteFb = feedback('invite-feedback');
  function renderInvites() {
    const fb = inviteFb;
    const members = s.orgs.filter(o => o.memberships.length);
    patch(inviteSec.body, h('p', null, t('invite.help')), fb.el,
      h('ul', { class: 'invites' }, members.map((o) => {
        const oid = o.organisation.organisation_id;
        const name = o.organisation.name;
        const code = invites.get(oid);
        const act = async (op, ok, confirmKey) => {
          if (confirmKey) {
            const yes = await confirmDialog({ title: t(`${confirmKey}.title`, { name }), body: t(`${confirmKey}.body`), confirm: t(`${confirmKey}.yes`) });
            if (!yes) return;
          }
          // "Already has a code" is the one conflict here: said as such.
          const request = conn.request(op, { organisation_id: oid }, { idem: idemKey('inv') })
            .catch((err) => { throw err.code === 'conflict' ? { ...err, code: 'invite_exists' } : err; });
          const res = await send(fb, request, r => t(ok, { name, revoked: r.revoked }));
          if (!res) return;
          if (res.code) invites.set(oid, res.code); else invites.delete(oid);
          renderInvites();
          document.getElementById(`invite-${oid}-copy`)?.focus();
        };
        const selfLink = code ? `${location.origin}/#/network/1?invitation=${encodeURIComponent(code)}` : null;
        return h('li', { class: 'invite', dataset: { organisationId: oid } },
          h('h3', null, name),
          code ? copyField(t('invite.link', { name }), selfLink, { id: `invite-${oid}`, hint: t('invite.once') }) : null,
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'small', id: `invite-create-${oid}`, onclick: () => act('org.invitation.create', 'invite.created') }, labelled(t('invite.create', { name }))),
            h('button', { type: 'button', class: 'small', id: `invite-rotate-${oid}`, onclick: () => act('org.invitation.rotate', 'invite.rotated', 'invite.rotate.confirm') }, labelled(t('invite.rotate', { name }))),
            h('button', { type: 'button', class: 'small danger', id: `invite-revoke-${oid}`, onclick: () => act('org.invitation.revoke', 'invite.revoked', 'invite.revoke.confirm') }, labelled(t('invite.revoke', { name })))));
      })));
  }

  conn.request('org.list', {}).then((r) => {
    s.orgs = r.organisations.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'sv'));
    const keep = filterOrg.input.value;
    patch(filterOrg.input, [{ value: '', label: t('people.filter.all') }].concat(orgOptions()).map(o => h('option', { value: o.value }, o.label)));
    filterOrg.input.value = keep;
    renderAdd(); renderImport(); renderInvites();
    return load();
  }).then(() => ctx.ready(), (err) => { listFb.fail(err, { focus: false }); ctx.ready(); });
  renderAdd(); renderImport();
  return () => clearTimeout(searchTimer);
}
