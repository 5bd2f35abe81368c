// People and links (issue 18): the coordinator searches the people of an organisation, adds one
// and copies the personal link with one click, edits a person (a duplicate e-mail address is
// told in Swedish, the server's English only in a details element), issues a new link (the old
// one stops working) and revokes it, imports people from a CSV file with a preview and an error
// per row, and makes, rotates and revokes an organisation's invitation code. And a participant's
// calendar section on #/me.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, shot, axe, DEMO, PHONE } from './pages.mjs';
import { api } from './harness.mjs';

let w;
before(async () => { w = await setup(); });
after(async () => { if (w) await w.close(); });

const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

test('people and links: search, add, copy the link, edit, re-issue, revoke', { timeout: 90000 }, async () => {
  const c = await open(w, w.tokens.coordinator, '#/coordinate/people', { permissions: CLIPBOARD });
  const { page } = c;
  await axe(page, 'people sv');
  await shot(page, 'people-01-list-sv');

  // Add a person; the link is shown once, and one click copies it.
  const add = page.locator('#person-form');
  await add.getByLabel('Namn').fill('Maja Nilsson');
  await add.getByLabel('E-post').fill('maja.nilsson@orebro.example.se');
  await add.getByLabel('Organisation').selectOption({ label: 'Örebro kommun' });
  await add.getByLabel('Roll').selectOption('elected');
  await add.getByRole('button', { name: 'Skapa personlig länk' }).click();
  await page.locator('#person-feedback').getByText('Maja Nilsson är tillagd.', { exact: false }).waitFor();
  const linkField = page.locator('#p-link-value');
  const link = await linkField.inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#\/me\?token=[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Kopiera' }).first().click();
  await page.locator('#p-link').getByText('Kopierat.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await shot(page, 'people-02-added-link-sv');

  // The list: by organisation, then searched.
  await page.getByLabel('Organisation', { exact: true }).first().selectOption({ label: 'Örebro kommun' });
  await page.locator('#people-table').getByText('Maja Nilsson').waitFor();
  await page.getByLabel('Sök', { exact: true }).fill('nilsson');
  await page.locator('#people-count').getByText('Visar 1–1 av 1 person').waitFor();

  // Edit: a duplicate address is refused in Swedish; the server's words only behind details.
  await page.getByRole('button', { name: 'Ändra: Maja Nilsson' }).click();
  const edit = page.locator('form[id^="edit-"]');
  await edit.getByLabel('E-post').fill('ANNA.lindqvist@example.se');
  await edit.getByRole('button', { name: 'Spara personen' }).click();
  const refusal = edit.locator('.feedback .error');
  await refusal.getByText('Det finns redan en person med den e-postadressen.').waitFor();
  assert.equal(await refusal.locator('details').getAttribute('open'), null);
  assert.doesNotMatch(await refusal.locator('p').first().textContent(), /[a-z]+ with this e-mail/);
  await page.waitForFunction(() => document.activeElement.classList.contains('feedback'), null, { timeout: 3000 });
  await axe(page, 'people, edit refused sv');
  await shot(page, 'people-03-edit-conflict-sv');
  await edit.getByLabel('E-post').fill('maja.n@orebro.example.se');
  await edit.getByRole('button', { name: 'Spara personen' }).click();
  await page.locator('#people-feedback').getByText('Maja Nilsson är sparad.').waitFor();
  await page.locator('#people-table').getByText('maja.n@orebro.example.se').waitFor();

  // A new link: asked first; the old link stops working.
  const oldToken = link.split('token=')[1];
  await page.getByRole('button', { name: 'Ny personlig länk: Maja Nilsson' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, skapa en ny länk' }).click();
  await page.locator('#people-feedback').getByText('En ny personlig länk för Maja Nilsson är skapad.', { exact: false }).waitFor();
  const row = page.locator('.person-row', { hasText: 'Maja Nilsson' });
  const newLink = await row.locator('input.copy-value').inputValue();
  assert.notEqual(newLink, link);
  await row.getByRole('button', { name: 'Kopiera' }).click();
  await row.getByText('Kopierat.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), newLink);
  await shot(page, 'people-04-reissued-sv');
  const probe = await api(w.server.base);
  await assert.rejects(probe.call('auth', { token: oldToken }), { code: 'unauthorized' });
  await probe.call('auth', { token: newLink.split('token=')[1] });
  probe.close();

  // Revoke: asked first; afterwards no link works.
  await page.getByRole('button', { name: 'Återkalla länken: Maja Nilsson' }).click();
  await axe(page, 'revoke dialog sv');
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, återkalla' }).click();
  await page.locator('#people-feedback').getByText('Maja Nilssons personliga länk är återkallad.').waitFor();
  await row.getByText('Ingen fungerande personlig länk.').waitFor();
  const probe2 = await api(w.server.base);
  await assert.rejects(probe2.call('auth', { token: newLink.split('token=')[1] }), { code: 'unauthorized' });
  probe2.close();
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('import people from a CSV file: a preview with an error per row, then only the good rows', { timeout: 60000 }, async () => {
  const c = await open(w, w.tokens.coordinator, '#/coordinate/people', { permissions: CLIPBOARD });
  const { page } = c;
  const csv = [
    'Namn;E-post;Organisation;Roll',
    'Sara Sund;sara.sund@uddevalla.example.se;Uddevalla kommun;tjänsteperson',
    'Per Ek;per.ek@kalmar.example.se;kalmar kommun;Förtroendevald',
    ';tom@example.se;Kalmar kommun;tjänsteperson',
    'Fel Adress;inte-en-adress;Kalmar kommun;',
    'Okänd Org;okand@example.se;Lunds kommun;tjänsteperson',
    'Dubbel;sara.sund@uddevalla.example.se;Uddevalla kommun;',
    'Redan Känd;erik.johansson@example.se;Uddevalla kommun;tjänsteperson',
  ].join('\r\n');
  await page.locator('#import-file').setInputFiles({ name: 'personer.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
  await page.waitForFunction(() => document.getElementById('import-text').value.includes('Sara Sund'));
  await page.getByRole('button', { name: 'Förhandsgranska' }).click();
  await page.locator('#import-feedback').getByText('7 rader lästa, 4 med fel.', { exact: false }).waitFor();
  const rowOf = n => page.locator(`.import-table tr[data-line="${n}"]`);
  await rowOf(4).getByText('Namn saknas.').waitFor();
  await rowOf(5).getByText('E-postadressen inte-en-adress ser inte ut att stämma.').waitFor();
  await rowOf(6).getByText('Organisationen ”Lunds kommun” finns inte. Lägg till den först.').waitFor();
  await rowOf(7).getByText('Samma e-postadress som rad 2.').waitFor();
  await axe(page, 'import preview sv');
  await shot(page, 'people-05-import-preview-sv');
  await page.getByRole('button', { name: 'Läs in 3 personer' }).click();
  await page.locator('#import-feedback').getByText('2 personer är inlästa.', { exact: false }).waitFor();
  // The known address is refused by the server, told in Swedish on its row.
  await rowOf(8).getByText('Det finns redan en person med den e-postadressen.').waitFor();
  await rowOf(2).locator('input.copy-value').waitFor();
  await shot(page, 'people-06-import-done-sv');
  const list = await w.coord.call('person.list', { query: 'example.se', limit: 200 });
  const names = list.people.map(p => p.name);
  assert.ok(names.includes('Sara Sund') && names.includes('Per Ek'));
  assert.ok(!names.includes('Dubbel') && !names.includes('Okänd Org'));
  assert.equal(list.people.find(p => p.name === 'Per Ek').role, 'elected');
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('invitation codes: make, rotate (the old one stops working) and revoke', { timeout: 60000 }, async () => {
  const c = await open(w, w.tokens.coordinator, '#/coordinate/people', { permissions: CLIPBOARD });
  const { page } = c;
  const box = page.locator(`.invite[data-organisation-id="${DEMO.gavleborg}"]`);
  await box.getByRole('button', { name: 'Skapa kod: Region Gävleborg' }).click();
  await page.locator('#invite-feedback').getByText('En inbjudningskod för Region Gävleborg är skapad.').waitFor();
  const first = await box.locator('input.copy-value').inputValue();
  assert.match(first, /\/#\/network\/1\?invitation=[A-Za-z0-9_-]{43}$/);
  await shot(page, 'people-07-invitation-sv');
  // The self-registration link carries the code to a meeting's form.
  const visitor = await open(w, null, first.replace(/^https?:\/\/[^/]+\//, ''));
  await visitor.page.getByText('Du har en inbjudningslänk.', { exact: false }).waitFor();
  await visitor.page.getByRole('link', { name: 'Nätverksträff: medborgarbudget i praktiken' }).click();
  await visitor.page.locator(`main[data-route="/meetings/${DEMO.hybrid}"]:not([aria-busy])`).waitFor();
  assert.equal(await visitor.page.getByLabel('Inbjudningskod').inputValue(), first.split('invitation=')[1]);
  await visitor.close();

  // Creating again while one is valid: told in Swedish to rotate instead.
  await box.getByRole('button', { name: 'Skapa kod: Region Gävleborg' }).click();
  await page.locator('#invite-feedback .error').getByText('Organisationen har redan en giltig kod.', { exact: false }).waitFor();
  await box.getByRole('button', { name: 'Byt kod: Region Gävleborg' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, byt kod' }).click();
  await page.locator('#invite-feedback').getByText('En ny kod för Region Gävleborg är skapad; den gamla fungerar inte längre.').waitFor();
  const second = await box.locator('input.copy-value').inputValue();
  assert.notEqual(second, first);
  const pub = await api(w.server.base);
  const selfReg = code => pub.call('registration.create', { meeting_id: DEMO.hybrid, mode: 'remote', invitation: code,
    person: { name: 'Gävle Person', email: `g${Date.now()}@gavleborg.example.se`, role: 'official' } });
  await assert.rejects(selfReg(first.split('invitation=')[1]), { code: 'invalid_invitation' });
  await box.getByRole('button', { name: 'Återkalla kod: Region Gävleborg' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, återkalla' }).click();
  await page.locator('#invite-feedback').getByText('Koden för Region Gävleborg är återkallad.').waitFor();
  await assert.rejects(selfReg(second.split('invitation=')[1]), { code: 'invalid_invitation' });
  pub.close();
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('the calendar section on #/me: the feed URL to copy, webcal, steps for Outlook, Google and Apple', { timeout: 60000 }, async () => {
  const olle = await w.person('Olle Olsson', 'olle.o@uddevalla.example.se', DEMO.uddevalla);
  const c = await open(w, olle.token, '#/me', { permissions: CLIPBOARD });
  const { page } = c;
  const cal = page.locator('#my-calendar');
  const url = await cal.locator('#calendar-url').inputValue();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/person\/[A-Za-z0-9_-]+\.ics$/);
  assert.equal(await cal.getByRole('link', { name: 'Prenumerera på mina träffar' }).getAttribute('href'), url.replace(/^http:/, 'webcal:'));
  await cal.getByRole('button', { name: 'Kopiera' }).click();
  await cal.getByText('Kopierat.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /BEGIN:VCALENDAR/);
  await cal.getByText('Så lägger du till kalendern').click();
  await cal.getByText('Välj Lägg till kalender och sedan Prenumerera från webben', { exact: false }).waitFor();
  await cal.getByText('Välj plustecknet vid Andra kalendrar och sedan Från webbadress.').waitFor();
  // The separate calendar link (calendar.link) may not be on the server yet: then there is no
  // rotate button, and the feed is the personal token's (see the report).
  const rotatable = await cal.getByRole('button', { name: 'Skapa en ny kalenderadress' }).count();
  if (rotatable) {
    await cal.getByRole('button', { name: 'Skapa en ny kalenderadress' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, skapa en ny' }).click();
    await cal.getByText('Du har en ny kalenderadress.', { exact: false }).waitFor();
    const next = await cal.locator('#calendar-url').inputValue();
    assert.notEqual(next, url);
    assert.equal((await fetch(url)).status, 404);
    assert.equal((await fetch(next)).status, 200);
  }
  await axe(page, 'me with calendar steps sv');
  await shot(page, 'me-calendar-sv');
  assert.deepEqual(c.errors, []);
  await c.close();
  for (const [lang, viewport, tag] of [['en', undefined, 'en'], ['sv', PHONE, 'mobile-sv'], ['en', PHONE, 'mobile-en']]) {
    const p = await open(w, w.tokens.coordinator, '#/coordinate/people', { lang, viewport });
    await axe(p.page, `people ${tag}`);
    await shot(p.page, `people-list-${tag}`);
    await p.close();
  }
});
