// The facilitator's story (issue 18): the console shows the poll link, its QR code and the code;
// the projector (its own window, 1920x1080) shows the join details and the options from 0 votes
// in large type; two phones join through the link (one of them a browser where a person is
// signed in, who stays signed in: issue 16 item 13) and vote in a single-choice poll, then in a
// participatory-budgeting poll made in the console; a word cloud; documents with progress and a
// new version; minutes written, submitted, approved and read by a participant. A keyboard-only
// run of making, opening and closing a poll.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, open, go, shot, axe, textIs, tabTo, typeInto, chooseOption, press, DEMO, PHONE, PROJECTOR,
} from './pages.mjs';

let w;
const M = DEMO.hybrid;  // Anna facilitates it; it is three weeks ahead, open for registration
before(async () => { w = await setup(); });
after(async () => { if (w) await w.close(); });

async function createPoll(page, { question, kind, options, audience = 'link', results = 'live', anonymous = true }) {
  const form = page.locator('#poll-form');
  await form.getByLabel('Fråga').fill(question);
  await form.getByLabel('Typ').selectOption(kind);
  if (options) await form.getByLabel('Alternativ', { exact: true }).fill(options.join('\n'));
  await form.getByLabel('Vem får rösta').selectOption(audience);
  await form.getByLabel('Resultat visas').selectOption(results);
  if (!anonymous) await form.getByLabel('Anonym omröstning').uncheck();
}

test('a facilitator runs a single-choice poll and a PB vote with two phones and a projector', { timeout: 120000 }, async () => {
  const fac = await open(w, w.tokens.anna, `#/facilitate/${M}`);
  const { page } = fac;
  // The poll link: QR code drawn by the server, the URL and the code.
  const qr = page.locator('#join-qr');
  await qr.waitFor();
  await page.waitForFunction(() => document.getElementById('join-qr').naturalWidth > 0);
  const joinUrl = await page.locator('#join-url').inputValue();
  const code = joinUrl.split('join=')[1];
  assert.match(joinUrl, /^http:\/\/127\.0\.0\.1:\d+\/\?join=[A-Za-z0-9_-]{22}$/);
  assert.equal((await page.locator('#join-code-value').textContent()).replace(/ /g, ''), code);
  const svg = await (await fetch(`${w.server.base}/polls/join/${code}.svg`)).text();
  assert.match(svg, /^<svg /);
  await axe(page, 'console sv');
  await shot(page, 'fac-01-console-sv');

  // The projector in its own window.
  const [screen] = await Promise.all([fac.context.waitForEvent('page'), page.getByRole('link', { name: 'Öppna storbild i nytt fönster' }).click()]);
  await screen.setViewportSize(PROJECTOR);
  await screen.locator(`main[data-route="/screen/${M}"]:not([aria-busy])`).waitFor();
  await screen.locator('#screen-now').waitFor();
  assert.equal(await screen.locator('.site-header').isVisible(), false, 'no controls or navigation on the projector');
  assert.equal(await screen.locator('main button').count(), 0);
  await axe(screen, 'projector between polls sv');
  await shot(screen, 'fac-02-projector-idle-sv', { full: false });

  // A single-choice poll for everyone with the link.
  await createPoll(page, { question: 'Var ska nästa träff vara?', kind: 'single', options: ['Kalmar', 'Uddevalla', 'Örebro'] });
  await page.getByRole('button', { name: 'Skapa omröstning' }).click();
  await page.locator('#poll-feedback').getByText('”Var ska nästa träff vara?” är skapad som utkast.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Öppna: Var ska nästa träff vara?' }).click();
  await page.locator('#fac-status').getByText('”Var ska nästa träff vara?” är öppen.').waitFor();

  // The projector: question, the options at 0 votes, how to join; labels of 48 px and more.
  await screen.getByRole('heading', { name: 'Var ska nästa träff vara?' }).waitFor();
  for (const label of ['Kalmar', 'Uddevalla', 'Örebro']) await screen.locator('.chart-label', { hasText: label }).waitFor();
  await screen.locator('.screen-join img.qr').waitFor();
  await screen.locator('.screen-join-code').getByText(code.replace(/(.{4})(?=.)/g, '$1 ')).waitFor();
  const sizes = await screen.locator('.chart-label, .screen-question, .screen-join-url').evaluateAll(els => els.map(e => parseFloat(getComputedStyle(e).fontSize)));
  assert.ok(sizes.every(px => px >= 36) && sizes.filter(px => px >= 48).length >= 4, `font sizes ${sizes}`);
  const labelSizes = await screen.locator('.chart-label').evaluateAll(els => els.map(e => parseFloat(getComputedStyle(e).fontSize)));
  assert.ok(labelSizes.every(px => px >= 48), `option labels ${labelSizes}`);
  await axe(screen, 'projector, poll open sv');
  await shot(screen, 'fac-03-projector-open-sv', { full: false });

  // Phone 1: nobody signed in. Phone 2: Olle is signed in there; joining keeps him signed in.
  const olle = await w.person('Olle Olsson', 'olle.o@uddevalla.example.se', DEMO.uddevalla);
  const phone1 = await open(w, null, `?join=${code}`, { viewport: PHONE });
  const phone2 = await open(w, olle.token, `?join=${code}`, { viewport: PHONE });
  for (const p of [phone1, phone2]) {
    await p.page.locator(`main[data-route="/vote/${M}"]:not([aria-busy])`).waitFor();
    await p.page.getByRole('button', { name: 'Kalmar' }).waitFor();
  }
  await phone2.page.getByText('Du röstar via omröstningslänken på den här enheten.').waitFor();
  await shot(phone2.page, 'fac-04-phone-open-sv');
  await phone1.page.getByRole('button', { name: 'Uddevalla' }).click();
  await phone1.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  assert.equal(await phone1.page.evaluate(() => document.activeElement.id), 'vote-status', 'focus moves to the result');
  await phone2.page.getByRole('button', { name: 'Uddevalla' }).click();
  await phone2.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  const count = (p, label) => p.locator('.results-table tbody tr').filter({ has: p.locator('th', { hasText: label }) }).locator('td').first();
  await textIs(count(screen, 'Uddevalla'), '2', 3000);
  await textIs(count(page, 'Uddevalla'), '2', 3000);
  await screen.getByText('Öppen · 2 röster').waitFor();
  await shot(screen, 'fac-05-projector-votes-sv', { full: false });
  // Item 13: both tokens are kept; the person is still signed in on phone 2.
  const stored = await phone2.page.evaluate(() => ({ person: localStorage.getItem('traffpunkt.token'), device: Object.keys(localStorage).filter(k => k.startsWith('traffpunkt.device.')) }));
  assert.equal(stored.person, olle.token);
  assert.deepEqual(stored.device, [`traffpunkt.device.${M}`]);
  await go(phone2.page, '#/me');
  await phone2.page.getByText('Hej Olle Olsson!', { exact: false }).waitFor();
  await go(phone2.page, `#/vote/${M}`);
  await phone2.page.getByText('Du röstar via omröstningslänken på den här enheten.').waitFor();

  await page.getByRole('button', { name: 'Stäng: Var ska nästa träff vara?' }).click();
  await page.locator('#fac-status').getByText('”Var ska nästa träff vara?” är stängd.').waitFor();
  await screen.locator('#screen-now').waitFor();
  await screen.locator('.screen-poll.big').getByRole('heading', { name: 'Var ska nästa träff vara?' }).waitFor();
  await screen.locator('.screen-meta').getByText('Stängd · 2 röster').waitFor();
  await shot(screen, 'fac-06-projector-closed-sv', { full: false });

  // A PB poll made in the console: projects with costs, a budget, a knapsack ballot.
  await createPoll(page, { question: 'Vilka projekt ska nätverkets pott räcka till?', kind: 'pb', anonymous: false });
  const pb = page.locator('#poll-pb');
  await pb.getByLabel('Budget (hela kronor)').fill('100000');
  await pb.getByLabel('Hur man röstar').selectOption('knapsack');
  assert.equal(await page.locator('#poll-options').isVisible(), false, 'no options field for PB');
  await pb.getByLabel('Projekt 1: namn').fill('Lekplats i Kvarnholmen');
  await pb.getByLabel('Projekt 1: kostnad (kr)').fill('60000');
  await pb.getByLabel('Projekt 1: beskrivning (valfritt)').fill('Ny lekplats med gungor och sandlåda.');
  await pb.getByLabel('Projekt 2: namn').fill('Belysning längs ån');
  await pb.getByLabel('Projekt 2: kostnad (kr)').fill('50000');
  await pb.getByRole('button', { name: 'Lägg till ett projekt' }).click();
  await pb.getByLabel('Projekt 3: namn').fill('Bänkar i stadsparken');
  await pb.getByLabel('Projekt 3: kostnad (kr)').fill('30000');
  await axe(page, 'console, PB form sv');
  await shot(page, 'fac-07-pb-form-sv');
  await page.getByRole('button', { name: 'Skapa omröstning' }).click();
  await page.locator('#poll-feedback').getByText('”Vilka projekt ska nätverkets pott räcka till?” är skapad som utkast.', { exact: false }).waitFor();
  const pbPoll = (await w.coord.call('poll.list', { meeting_id: M })).polls.find(p => p.poll.kind === 'pb').poll;
  assert.equal(pbPoll.pb.budget, 100000);
  assert.equal(pbPoll.pb.ballot, 'knapsack');
  assert.deepEqual(pbPoll.pb.projects.map(p => [p.title, p.cost]), [['Lekplats i Kvarnholmen', 60000], ['Belysning längs ån', 50000], ['Bänkar i stadsparken', 30000]]);
  await page.getByRole('button', { name: 'Öppna: Vilka projekt ska nätverkets pott räcka till?' }).click();
  await screen.getByRole('heading', { name: 'Vilka projekt ska nätverkets pott räcka till?' }).waitFor();

  // Phone 1 tries over the budget: it cannot be sent; then a ballot that fits.
  const sec = phone1.page.locator(`section[data-poll-id="${pbPoll.poll_id}"]`);
  const box = title => sec.getByRole('checkbox', { name: title });
  await box('Lekplats i Kvarnholmen').check();
  await box('Belysning längs ån').check();
  const budget = phone1.page.locator(`#poll-${pbPoll.poll_id}-budget`);
  await budget.getByText('Över budgeten med', { exact: false }).waitFor();
  assert.equal(await sec.getByRole('button', { name: 'Skicka min röst' }).isDisabled(), true);
  // The total stays in view while the phone scrolls through the projects.
  assert.equal(await budget.evaluate(e => getComputedStyle(e).position), 'sticky');
  await shot(phone1.page, 'fac-08-phone-pb-over-sv');
  await box('Belysning längs ån').uncheck();
  await box('Bänkar i stadsparken').check();
  await sec.getByRole('button', { name: 'Skicka min röst' }).click();
  await phone1.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  const sec2 = phone2.page.locator(`section[data-poll-id="${pbPoll.poll_id}"]`);
  await sec2.getByRole('checkbox', { name: 'Lekplats i Kvarnholmen' }).check();
  await sec2.getByRole('button', { name: 'Skicka min röst' }).click();
  await phone2.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  await page.getByRole('button', { name: 'Stäng: Vilka projekt ska nätverkets pott räcka till?' }).click();
  await page.locator('#fac-status').getByText('är stängd.', { exact: false }).waitFor();
  // Plain language first on the projector; the rule details behind an expander.
  const summary = screen.locator('.pb-summary');
  await summary.getByText('Dessa projekt får pengar').waitFor();
  assert.deepEqual((await summary.locator('.pb-funded-title').allTextContents()).sort(), ['Bänkar i stadsparken', 'Lekplats i Kvarnholmen']);
  assert.match(await summary.textContent(), /De kostar 90\s000\s*kr av 100\s000\s*kr\./);
  assert.equal(await screen.locator('details.pb-details').getAttribute('open'), null);
  await axe(screen, 'projector, PB result sv');
  await shot(screen, 'fac-09-projector-pb-sv', { full: false });

  // A word cloud, drawn as one.
  await createPoll(page, { question: 'Ett ord om dagen?', kind: 'text' });
  await page.getByRole('button', { name: 'Skapa omröstning' }).click();
  await page.getByRole('button', { name: 'Öppna: Ett ord om dagen?' }).click();
  for (const [p, text] of [[phone1, 'Inspirerande dialog, inspirerande möten'], [phone2, 'Inspirerande och lärorik']]) {
    await p.page.getByLabel('Ditt svar').fill(text);
    await p.page.getByRole('button', { name: 'Skicka min röst' }).click();
    await p.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  }
  const cloud = screen.locator('.word-cloud');
  await cloud.locator('.cloud-word', { hasText: 'inspirerande' }).waitFor();
  const big = await cloud.locator('.cloud-word', { hasText: 'inspirerande' }).evaluate(e => parseFloat(getComputedStyle(e).fontSize));
  const small = await cloud.locator('.cloud-word', { hasText: 'lärorik' }).evaluate(e => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(big > small * 1.5, `the frequent word is bigger (${big} vs ${small})`);
  await shot(screen, 'fac-10-projector-wordcloud-sv', { full: false });
  await page.getByRole('button', { name: 'Stäng: Ett ord om dagen?' }).click();

  // The closed polls fold away on a phone.
  await phone1.page.reload();
  await phone1.page.locator('main:not([aria-busy])').waitFor();
  const folded = phone1.page.locator('details.poll.folded');
  await folded.first().waitFor();
  assert.equal(await folded.count(), 3);
  assert.equal(await folded.first().getAttribute('open'), null);
  await axe(phone1.page, 'vote page on a phone, closed polls folded sv');
  await shot(phone1.page, 'fac-11-phone-folded-sv');
  for (const c of [phone1, phone2]) { assert.deepEqual(c.errors, []); await c.close(); }
  assert.deepEqual(fac.errors, []);
  await fac.close();
});

test('documents: drop a file with a progress bar, a new version; minutes from draft to approved and read', { timeout: 90000 }, async () => {
  const fac = await open(w, w.tokens.anna, `#/facilitate/${M}`);
  const { page } = fac;
  await page.getByLabel('Vem ser nya dokument').selectOption('public');
  const bytes = Buffer.alloc(300 * 1024, 'Dagordning för nätverksträffen.\n');
  // Dropped on the drop zone, as a person drags a file from their desktop.
  const dataTransfer = await page.evaluateHandle(([b64]) => {
    const dt = new DataTransfer();
    const bin = Uint8Array.from(atob(b64), ch => ch.charCodeAt(0));
    dt.items.add(new File([bin], 'Dagordning 2031-05-20.txt', { type: 'text/plain' }));
    return dt;
  }, [bytes.toString('base64')]);
  await page.locator('#drop-zone').dispatchEvent('drop', { dataTransfer });
  const upload = page.locator('.upload', { hasText: 'Dagordning 2031-05-20.txt' });
  await upload.getByText('”Dagordning 2031-05-20.txt” är uppladdad.').waitFor();
  assert.equal(await upload.locator('progress').getAttribute('value'), '100');
  await shot(page, 'fac-12-document-uploaded-sv');
  const row = page.locator('.document-row', { hasText: 'Dagordning 2031-05-20.txt' });
  await row.locator('input[type="file"]').setInputFiles({ name: 'Dagordning 2031-05-20.txt', mimeType: 'text/plain', buffer: Buffer.from('Version 2.\n') });
  await page.getByText('Ny version av ”Dagordning 2031-05-20.txt” (version 2) är uppladdad.').waitFor();
  await row.getByText('(version 2,', { exact: false }).waitFor();

  // Minutes: written and saved (version 1), submitted, approved by the coordinator.
  await page.getByLabel('Minnesanteckningar (text)').fill('# Minnesanteckningar\n\n- Kalmar värd för nästa träff.');
  await page.getByRole('button', { name: 'Spara anteckningarna' }).click();
  await page.locator('#minutes-feedback').getByText('Sparat som version 1.').waitFor();
  await page.getByRole('button', { name: 'Skicka för granskning' }).click();
  await page.locator('#minutes-feedback').getByText('Anteckningarna är skickade för granskning.').waitFor();
  await page.locator('#minutes-state').getByText('Skickade för granskning, version 2.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Godkänn anteckningarna' }).count(), 0, 'facilitators do not approve');
  await axe(page, 'console with documents and minutes sv');
  const coordPage = await open(w, w.tokens.coordinator, `#/facilitate/${M}`);
  await coordPage.page.getByRole('button', { name: 'Godkänn anteckningarna' }).click();
  await coordPage.page.locator('#minutes-feedback').getByText('Anteckningarna är godkända och syns för deltagarna.').waitFor();
  await coordPage.close();
  // A participant (no role in the meeting) reads the approved minutes and the public document.
  const reader = await open(w, null, `#/meetings/${M}`);
  await reader.page.locator('#minutes').getByText('Kalmar värd för nästa träff.', { exact: false }).waitFor();
  await reader.page.locator('#documents').getByRole('link', { name: 'Dagordning 2031-05-20.txt' }).waitFor();
  await shot(reader.page, 'fac-13-minutes-approved-public-sv');
  await reader.close();
  assert.deepEqual(fac.errors, []);
  await fac.close();
});

test('keyboard only: a facilitator makes, opens and closes a poll', { timeout: 60000 }, async () => {
  const fac = await open(w, w.tokens.anna, `#/facilitate/${M}`);
  const { page } = fac;
  await typeInto(page, 'Fråga', 'Kaffe eller te?');
  await chooseOption(page, 'Typ', 'Ett val');
  await typeInto(page, 'Alternativ', 'Kaffe');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Te');
  await press(page, 'Skapa omröstning');
  await page.locator('#poll-feedback').getByText('”Kaffe eller te?” är skapad som utkast.', { exact: false }).waitFor();
  await tabTo(page, 'Öppna: Kaffe eller te?', { back: true });
  await page.keyboard.press('Enter');
  await page.locator('#fac-status').getByText('”Kaffe eller te?” är öppen.').waitFor();
  // Focus went to the answer; from there forward to the close button.
  await tabTo(page, 'Stäng: Kaffe eller te?');
  await page.keyboard.press('Enter');
  await page.locator('#fac-status').getByText('”Kaffe eller te?” är stängd.').waitFor();
  const poll = (await w.coord.call('poll.list', { meeting_id: M })).polls.find(p => p.poll.question === 'Kaffe eller te?').poll;
  assert.equal(poll.status, 'closed');
  assert.deepEqual(poll.options.map(o => o.label), ['Kaffe', 'Te']);
  await shot(page, 'fac-14-keyboard-done-sv');
  assert.deepEqual(fac.errors, []);
  await fac.close();
});

test('the console and the projector in English, on a phone and at 1920x1080 pass axe-core', { timeout: 60000 }, async () => {
  for (const [lang, viewport, tag] of [['en', undefined, 'en'], ['sv', PHONE, 'mobile-sv'], ['en', PHONE, 'mobile-en']]) {
    const c = await open(w, w.tokens.anna, `#/facilitate/${M}`, { lang, viewport });
    await axe(c.page, `console ${tag}`);
    await shot(c.page, `fac-console-${tag}`);
    await c.close();
  }
  for (const lang of ['sv', 'en']) {
    const s = await open(w, w.tokens.anna, `#/screen/${DEMO.kickoff}`, { lang, viewport: PROJECTOR });
    await axe(s.page, `projector ${lang}`);
    await shot(s.page, `fac-projector-kickoff-${lang}`, { full: false });
    await s.close();
  }
});
