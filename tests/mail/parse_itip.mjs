// Reads iTIP calendars (the calendar parts of captured mails) and prints what Mozilla's ical.js
// (Thunderbird's parser; the copy pinned in tests/calendar/package-lock.json) finds in them:
// [{file, method, uid, sequence, status, start_utc, location, organizer, attendees: [{address,
// partstat, cn}]}]. Usage: node parse_itip.mjs FILE...
import { readFileSync } from 'node:fs';
import ICAL from '../calendar/node_modules/ical.js/dist/ical.js';

function parse(file) {
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
        ICAL.TimezoneService.register(vtimezone);
    }
    const vevents = calendar.getAllSubcomponents('vevent');
    if (vevents.length !== 1) {
        throw new Error(`${file}: expected one VEVENT, got ${vevents.length}`);
    }
    const vevent = vevents[0];
    const event = new ICAL.Event(vevent);
    const organizer = vevent.getFirstProperty('organizer');
    return {
        file,
        method: calendar.getFirstPropertyValue('method'),
        uid: event.uid,
        sequence: event.sequence,
        status: vevent.getFirstPropertyValue('status'),
        start_utc: event.startDate.toJSDate().toISOString().replace('.000Z', 'Z'),
        location: vevent.getFirstPropertyValue('location') ?? '',
        description: vevent.getFirstPropertyValue('description') ?? '',
        organizer: organizer ? organizer.getFirstValue() : null,
        attendees: vevent.getAllProperties('attendee').map((a) => ({
            address: a.getFirstValue(),
            partstat: a.getParameter('partstat'),
            cn: a.getParameter('cn'),
        })),
    };
}

try {
    process.stdout.write(JSON.stringify(process.argv.slice(2).map(parse)) + '\n');
} catch (e) {
    process.stderr.write(`parse_itip.mjs: ${e.message}\n`);
    process.exit(1);
}
