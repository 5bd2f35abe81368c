// Reads an iCalendar feed on stdin and prints its events as JSON, parsed by Mozilla's ical.js
// (the parser of Thunderbird): [{uid, summary, start_utc, end_utc, sequence, status}].
// Times are resolved through the feed's own VTIMEZONEs, the way a calendar client does; an event
// whose TZID has no matching VTIMEZONE is an error (it would show at the wrong hour).
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

function utc(time, what) {
    if (time.zone && time.zone.tzid === 'floating') {
        throw new Error(`${what} has a TZID that no VTIMEZONE in the feed defines`);
    }
    return time.toJSDate().toISOString().replace('.000Z', 'Z');
}

function main() {
    const text = readFileSync(0, 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    if (calendar.name !== 'vcalendar') {
        throw new Error(`expected a VCALENDAR, got ${calendar.name}`);
    }
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
        ICAL.TimezoneService.register(vtimezone);
    }
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
        const event = new ICAL.Event(vevent);
        const start = vevent.getFirstProperty('dtstart');
        const tzid = start.getParameter('tzid');
        if (tzid && !ICAL.TimezoneService.has(tzid)) {
            throw new Error(`DTSTART of ${event.uid} names TZID ${tzid} without a VTIMEZONE`);
        }
        return {
            uid: event.uid,
            summary: event.summary,
            start_utc: utc(event.startDate, `DTSTART of ${event.uid}`),
            end_utc: utc(event.endDate, `DTEND of ${event.uid}`),
            sequence: event.sequence,
            status: vevent.getFirstPropertyValue('status'),
        };
    });
    process.stdout.write(JSON.stringify(events) + '\n');
}

try {
    main();
} catch (e) {
    process.stderr.write(`parse_ical.mjs: ${e.message}\n`);
    process.exit(1);
}
