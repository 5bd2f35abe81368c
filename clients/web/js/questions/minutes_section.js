// The questions' section of the minutes (GET /meetings/{id}/questions.md, "## Frågor från
// publiken …"): added at the end of the minutes text, or, when the text has that section already
// (the button was pressed before), put in its place, so that pressing again updates the section
// instead of adding it twice. Pure text in, text out.

/** The first line of the section (its heading), e.g. "## Frågor från publiken". */
function headingOf(section) {
  return section.replace(/^\s+/, '').split('\n')[0].trim();
}

/** The heading level of a Markdown ATX heading line ("## x" -> 2), or 0. */
function level(line) {
  const m = /^(#{1,6})\s/.exec(line);
  return m ? m[1].length : 0;
}

/**
 * `text` with `section` in it: replacing the lines from the section's heading up to the next
 * heading of the same or a higher level, or appended after a blank line.
 */
export function withQuestionsSection(text, section) {
  const body = section.replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\s+$/, '');
  const heading = headingOf(body);
  const current = (text || '').replace(/\r\n?/g, '\n');
  const lines = current.split('\n');
  const start = heading ? lines.findIndex(l => l.trim() === heading) : -1;
  if (start >= 0) {
    const own = level(heading) || 6;
    let end = lines.length;
    for (let i = start + 1; i < lines.length; i += 1) {
      const l = level(lines[i]);
      if (l && l <= own) { end = i; break; }
    }
    const after = lines.slice(end).join('\n');
    const before = lines.slice(0, start).join('\n');
    return `${before}${before ? '\n' : ''}${body}\n${after ? `\n${after}` : ''}`;
  }
  const trimmed = current.replace(/\s+$/, '');
  return trimmed ? `${trimmed}\n\n${body}\n` : `${body}\n`;
}
