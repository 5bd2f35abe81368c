// Wall-clock times in a meeting's zone (what a <input type="datetime-local"> gives) to instants.

function offsetMs(utcMs, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const p = Object.fromEntries(parts.map(x => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - utcMs;
}

/** '2031-03-30T09:00' in 'Europe/Stockholm' -> '2031-03-30T07:00:00Z'. Throws on a bad zone. */
export function wallToInstant(wall, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!m) throw new Error('bad time');
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Twice, so a time next to a change of offset settles on the offset in force then.
  let instant = guess - offsetMs(guess, zone);
  instant = guess - offsetMs(instant, zone);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** '2031-03-30T07:00:00Z' in 'Europe/Stockholm' -> '2031-03-30T09:00' (for datetime-local). */
export function instantToWall(instant, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(instant));
  const p = Object.fromEntries(parts.map(x => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Zones a Nordic network meets in, for the meeting editor's list (any IANA name is allowed). */
export const COMMON_ZONES = ['Europe/Stockholm', 'Europe/Helsinki', 'Europe/Oslo', 'Europe/Copenhagen',
  'Europe/London', 'Europe/Brussels', 'UTC'];
