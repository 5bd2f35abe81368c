// The web client's message catalogues (no browser): both have the same keys; every error code
// PROTOCOL.md documents has a sentence in each; texts with a count have plural forms that
// Intl.PluralRules chooses ("1 röst", "2 röster"); the required Swedish wording is used.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const sv = (await import(path.join(REPO, 'clients/web/js/messages/sv.js'))).default;
const en = (await import(path.join(REPO, 'clients/web/js/messages/en.js'))).default;

test('both catalogues have the same keys', () => {
  assert.deepEqual(Object.keys(en).filter(k => !(k in sv)), []);
  assert.deepEqual(Object.keys(sv).filter(k => !(k in en)), []);
});

test('every documented error code has a sentence in each catalogue', () => {
  const spec = readFileSync(path.join(REPO, 'protocol/PROTOCOL.md'), 'utf8');
  const table = spec.slice(spec.indexOf('## Error codes'), spec.indexOf('## Close codes'));
  const codes = [...table.matchAll(/^\| `([a-z_]+)` \|/gm)].map(m => m[1]);
  assert.ok(codes.length >= 16, `found ${codes.length} codes`);
  for (const code of codes) {
    for (const [name, cat] of [['sv', sv], ['en', en]]) {
      assert.equal(typeof cat[`error.${code}`], 'string', `${name} lacks error.${code}`);
      assert.ok(cat[`error.${code}`].length > 10, `${name} error.${code} is a sentence`);
    }
  }
  // Swedish sentences are Swedish: none of them is the English one.
  for (const code of codes) assert.notEqual(sv[`error.${code}`], en[`error.${code}`], code);
});

test('plural forms: Intl.PluralRules picks one or other, in both languages', () => {
  const forms = { sv: new Intl.PluralRules('sv-SE'), en: new Intl.PluralRules('en-GB') };
  for (const [name, cat] of [['sv', sv], ['en', en]]) {
    for (const [key, value] of Object.entries(cat)) {
      if (typeof value !== 'object') continue;
      assert.equal(typeof value.one, 'string', `${name} ${key}.one`);
      assert.equal(typeof value.other, 'string', `${name} ${key}.other`);
      assert.equal(forms[name].select(1), 'one');
      assert.equal(forms[name].select(2), 'other');
    }
  }
  assert.equal(sv['results.live'].one, '{n} röst hittills');
  assert.equal(sv['results.live'].other, '{n} röster hittills');
  assert.equal(en['fac.poll.ballots'].one, '{n} vote');
});

test('the wording the issue asks for', () => {
  const all = Object.values(sv).flatMap(v => (typeof v === 'object' ? Object.values(v) : [v]));
  for (const phrase of ['Lägg till medlemsorganisation', 'Typ', 'Led träffen', 'Platser i lokalen', 'Specialkost']) {
    assert.ok(all.some(text => text === phrase || text.startsWith(phrase)), phrase);
  }
  assert.equal(sv['coord.admit'], 'Lägg till medlemsorganisation');
  assert.equal(sv['coord.a.kind'], 'Typ');
  assert.equal(sv['meeting.facilitate'], 'Led träffen');
  assert.equal(sv['coord.f.capin'], 'Platser i lokalen');
  assert.match(sv['reg.dietary'], /^Specialkost/);
  assert.equal(sv['reg.leavewaitlist'], 'Lämna väntelistan');
});
