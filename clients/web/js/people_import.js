// Reading a list of people from a CSV file for the coordinator's import: the separator is found
// from the header line (`;` as Swedish Excel writes it, `,` or TAB), quotes as in RFC 4180, a
// byte order mark ignored. Columns are named in Swedish or English (Namn/Name,
// E-post/E-mail/Email, Organisation, Roll/Role); roles and organisations are matched without
// regard to case. Each row is checked the way person.create will check it, so the preview can
// say what is wrong with each row before anything is sent.

import { idemKey } from './dom.js';

/** Rows of fields; the separator is the one the first line uses most. */
export function parseCsv(text) {
  const src = String(text || '').replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] || '';
  const counts = [';', ',', '\t'].map(sep => [sep, firstLine.split(sep).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  const sep = counts[0][1] > 0 ? counts[0][0] : ';';
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      row.push(cell); cell = '';
      rows.push(row); row = [];
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter(r => r.some(c => c.trim() !== ''));
}

const HEADERS = {
  name: ['namn', 'name', 'för- och efternamn'],
  email: ['e-post', 'epost', 'e-mail', 'email', 'mejl', 'mail'],
  organisation: ['organisation', 'organization', 'kommun', 'region'],
  role: ['roll', 'role'],
};
const ROLES = {
  official: ['tjänsteperson', 'tjänsteman', 'official', 'tjp'],
  elected: ['förtroendevald', 'politiker', 'elected', 'fv'],
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The rows of a parsed file, each {line, name, email, orgText, roleText, args, errors, idem}:
 * `args` for person.create when there are no `errors` ({code} with a catalogue key
 * `import.error.<code>`). Without a header line the columns are taken in the order name,
 * e-mail, organisation, role.
 */
export function importRows(rows, organisations) {
  if (!rows.length) return [];
  const header = rows[0].map(c => c.trim().toLowerCase());
  const col = {};
  for (const [key, names] of Object.entries(HEADERS)) col[key] = header.findIndex(c => names.includes(c));
  const hasHeader = col.name !== -1 || col.email !== -1;
  if (!hasHeader) Object.assign(col, { name: 0, email: 1, organisation: 2, role: 3 });
  const byName = new Map(organisations.map(o => [o.name.toLowerCase(), o]));
  const seen = new Map();
  const out = [];
  rows.slice(hasHeader ? 1 : 0).forEach((r, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const get = k => (col[k] >= 0 && col[k] < r.length ? r[col[k]].trim() : '');
    const name = get('name');
    const email = get('email');
    const orgText = get('organisation');
    const roleText = get('role');
    const errors = [];
    if (!name) errors.push({ code: 'name' });
    else if (/[\u0000-\u001f\u007f]/.test(name) || [...name].length > 200) errors.push({ code: 'name_invalid' });
    if (!email) errors.push({ code: 'email' });
    else if (!EMAIL.test(email) || email.length > 254) errors.push({ code: 'email_invalid', email });
    else if (seen.has(email.toLowerCase())) errors.push({ code: 'duplicate', other: seen.get(email.toLowerCase()) });
    else seen.set(email.toLowerCase(), line);
    const org = byName.get(orgText.toLowerCase());
    if (!orgText) errors.push({ code: 'organisation' });
    else if (!org) errors.push({ code: 'organisation_unknown', organisation: orgText });
    let role = 'official';
    if (roleText) {
      const found = Object.entries(ROLES).find(([, names]) => names.includes(roleText.toLowerCase()));
      if (found) [role] = found; else errors.push({ code: 'role', role: roleText });
    }
    out.push({
      line, name, email, orgText, roleText: roleText || '', errors, done: false,
      idem: idemKey(`imp${line}`),
      args: org ? { name, email, organisation_id: org.organisation_id, role } : null,
    });
  });
  return out;
}
