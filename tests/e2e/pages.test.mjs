// Every page of the web client, as the person who would use it: axe-core (WCAG 2.1 A/AA) finds
// no violation in Swedish and English at 1280x800 and 390x844; the keyboard reaches every
// control with Tab; the agenda's "now" marker moves on a participant's screen; error texts are
// Swedish sentences with the server's own words folded away.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, go, shot, axe, textIs, settled, DEMO, DESKTOP, PHONE } from './pages.mjs';

let w;
const tokens = {};
before(async () => {
  w = await setup();
  tokens.coordinator = w.tokens.coordinator;
  tokens.anna = w.tokens.anna;
  const petra = await w.person('Petra Persson', 'petra@kalmar.example.se', DEMO.kalmar);
  tokens.petra = petra.token;
  // Petra is registered for the demo's hybrid meeting (and may vote there); a ranking poll and a
  // PB poll are open there, so the vote page shows every kind of ballot.
  await w.coord.call('registration.create', { meeting_id: DEMO.hybrid, mode: 'remote', person_id: petra.id });
  for (const args of [
    { kind: 'ranking', question: 'Vad ska nätverket fördjupa sig i?', options: ['Digitala verktyg', 'Unga som målgrupp', 'Uppföljning'] },
    { kind: 'pb', question: 'Vilka projekt ska potten räcka till?', pb: { budget: 100000, ballot: 'knapsack', projects: [{ title: 'Lekplats', cost: 60000 }, { title: 'Belysning', cost: 50000 }] } },
    { kind: 'scale', question: 'Hur nöjd är du med dagen?', scale: { max: 5, min_label: 'Inte alls', max_label: 'Mycket' } },
  ]) {
    const r = await w.coord.call('poll.create', { meeting_id: DEMO.hybrid, ...args });
    await w.coord.call('poll.open', { poll_id: r.poll.poll_id });
  }
});
after(async () => { if (w) await w.close(); });

test("the agenda's now marker moves on a participant's screen", { timeout: 60000 }, async () => {
  const fac = await open(w, tokens.anna, `#/facilitate/${DEMO.kickoff}`);
  const viewer = await open(w, null, `#/meetings/${DEMO.kickoff}`);
  const current = viewer.page.locator('li.agenda-item[aria-current="step"]');
  await fac.page.getByRole('button', { name: 'Markera som pågående: Lunch' }).click();
  await textIs(current.locator('.agenda-title'), 'Lunch', 2000);
  await viewer.page.locator('#agenda-now').getByText('Pågår nu: Lunch').waitFor();
  await fac.page.getByRole('button', { name: 'Markera som pågående: Fika' }).click();
  await textIs(current.locator('.agenda-title'), 'Fika', 2000);
  await shot(viewer.page, 'pages-meeting-now-sv');
  await fac.page.getByRole('button', { name: 'Avsluta punkten' }).click();
  await viewer.page.locator('#agenda-now').getByText('Just avslutad: Fika').waitFor();
  assert.deepEqual([...fac.errors, ...viewer.errors], []);
  await fac.close();
  await viewer.close();
});

test('an error is a Swedish sentence; the server\'s English only behind "Teknisk information"', { timeout: 30000 }, async () => {
  const c = await open(w, null, `#/join?code=nonexistentcode1234567`);
  const box = c.page.locator('#join-feedback .error');
  await box.getByText('Inbjudningskoden gäller inte.', { exact: false }).waitFor();
  const sentence = await box.locator('p').first().textContent();
  assert.doesNotMatch(sentence, /unknown|replaced|facilitator/);
  const details = box.locator('details');
  assert.equal(await details.getAttribute('open'), null);
  await details.locator('summary').click();
  await details.getByText('invalid_invitation · this poll link is unknown', { exact: false }).waitFor();
  assert.equal(await details.locator('p').getAttribute('lang'), 'en');
  await axe(c.page, 'join error sv');
  await shot(c.page, 'pages-join-error-sv');
  await c.close();
});

// Issue 16, item 13: a poll link opened in a browser where a person is signed in replaced their
// stored token, signing them out. Now both are kept; the device token runs only that meeting's
// vote page.
test('Security.PollLinkKeepsThePersonSignedIn (issue 16 item 13)', { timeout: 60000 }, async () => {
  const link = await w.coord.call('poll.link', { meeting_id: DEMO.kickoff });
  const c = await open(w, tokens.petra, `?join=${link.code}`, { viewport: PHONE });
  await c.page.locator(`main[data-route="/vote/${DEMO.kickoff}"]:not([aria-busy])`).waitFor();
  const stored = await c.page.evaluate(() => ({ person: localStorage.getItem('traffpunkt.token'),
    device: localStorage.getItem('traffpunkt.device.1') }));
  assert.equal(stored.person, tokens.petra, 'the personal token is still there');
  assert.match(stored.device || '', /^[A-Za-z0-9_-]{43}$/, 'the device token is kept apart');
  // Elsewhere the person is still signed in; on that vote page the device votes.
  await go(c.page, '#/me');
  await c.page.getByText('Hej Petra Persson!', { exact: false }).waitFor();
  await go(c.page, `#/vote/${DEMO.kickoff}`);
  await c.page.getByText('Du röstar via omröstningslänken på den här enheten.').waitFor();
  // Another meeting's vote page runs with the person's token.
  await go(c.page, `#/vote/${DEMO.hybrid}`);
  assert.equal(await c.page.getByText('Du röstar via omröstningslänken på den här enheten.').count(), 0);
  await c.page.getByRole('heading', { name: 'Vilka projekt ska potten räcka till?' }).waitFor();
  assert.deepEqual(c.errors, []);
  await c.close();
});

// Every page, as the person who would use it.
const PAGES = [
  ['network', null, '#/network/1'],
  ['meeting-public', null, `#/meetings/${DEMO.kickoff}`],
  ['meeting-register', 'petra', `#/meetings/${DEMO.digital}`],
  ['meeting-registered', 'petra', `#/meetings/${DEMO.hybrid}`],
  ['me', 'petra', '#/me'],
  ['me-signed-out', null, '#/me'],
  ['join', null, '#/join'],
  ['vote', 'petra', `#/vote/${DEMO.hybrid}`],
  ['facilitate', 'anna', `#/facilitate/${DEMO.hybrid}`],
  ['screen', 'anna', `#/screen/${DEMO.hybrid}`],
  ['coordinate', 'coordinator', '#/coordinate'],
  ['meeting-editor', 'coordinator', `#/coordinate/meeting/${DEMO.hybrid}`],
  ['people', 'coordinator', '#/coordinate/people'],
];

test('axe-core finds no WCAG 2.1 A/AA violations on any page, in Swedish and English, desktop and phone', { timeout: 240000 }, async () => {
  // Four browser contexts at a time (each language at each size), each person's pages
  // followed by hash.
  await Promise.all([[DESKTOP, ''], [PHONE, '-mobile']].map(async ([viewport, size]) => {
    await Promise.all(['sv', 'en'].map(async (lang) => {
      const byPerson = new Map();
      for (const [name, who, route] of PAGES) {
        if (!byPerson.has(who)) byPerson.set(who, []);
        byPerson.get(who).push([name, route]);
      }
      for (const [who, pages] of byPerson) {
        const c = await open(w, who ? tokens[who] : null, '#/', { lang, viewport });
        for (const [name, route] of pages) {
          await go(c.page, route);
          assert.equal(await c.page.getAttribute('html', 'lang'), lang);
          await axe(c.page, `${name} (${lang}${size})`);
          // Screenshots of every page in Swedish and English on a desktop and in Swedish on a
          // phone (the English phone pages look like the Swedish ones).
          if (!(lang === 'en' && size)) await shot(c.page, `pages-${name}-${lang}${size}`, { full: name !== 'screen' });
        }
        assert.deepEqual(c.errors, [], `${who} (${lang})`);
        await c.close();
      }
    }));
  }));
});

test('keyboard only: Tab reaches every control on every page', { timeout: 150000 }, async () => {
  for (const [name, who, route] of PAGES) {
    const c = await open(w, who ? tokens[who] : null, route);
    await settled(c.page);
    // Number the controls; a radio group is one stop (arrow keys move inside it).
    const total = await c.page.evaluate(() => {
      const sel = 'a[href], button, input, select, textarea, summary, [tabindex="0"]';
      const groups = [];
      let n = 0;
      for (const el of document.querySelectorAll(sel)) {
        if (el.disabled || el.closest('[hidden]') || (el.closest('details:not([open])') && el.tagName !== 'SUMMARY')) continue;
        const visible = el.offsetWidth || el.offsetHeight || el.getClientRects().length
          || el.classList.contains('visually-hidden');  // a file input behind its label
        if (!visible) continue;
        if (el.type === 'radio') {
          if (!groups.includes(el.name)) groups.push(el.name);
          el.dataset.kb = `r${groups.indexOf(el.name)}`;
          continue;
        }
        el.dataset.kb = String(n++);
      }
      return n + groups.length;
    });
    await c.page.evaluate(() => {
      document.activeElement && document.activeElement.blur();
      window.kbReached = new Set();
      document.addEventListener('focusin', (e) => { if (e.target.dataset && e.target.dataset.kb) window.kbReached.add(e.target.dataset.kb); });
    });
    // From the top (the skip link first). Date inputs have a stop per part: a generous bound.
    for (let i = 0; i < total * 6 + 30; i += 20) {
      for (let k = 0; k < 20; k += 1) await c.page.keyboard.press('Tab');
      if (await c.page.evaluate(n => window.kbReached.size >= n, total)) break;
    }
    const missing = await c.page.evaluate(() => [...document.querySelectorAll('[data-kb]')]
      .filter(el => !window.kbReached.has(el.dataset.kb)).map(el => `${el.tagName.toLowerCase()}#${el.id} "${(el.textContent || el.name || '').trim().slice(0, 40)}"`));
    assert.deepEqual(missing, [], `${name}: controls Tab never reached`);
    await c.close();
  }
});
