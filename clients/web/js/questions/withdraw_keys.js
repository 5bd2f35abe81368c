// The withdraw keys of this browser's anonymous questions (qa.ask answers with one, once; the
// server keeps only its hash), in localStorage by question id, so the question can be taken back
// after a reload too. A key is also how this browser knows an anonymous question is its own:
// nothing on the server links it to the asker. The origin last chosen is kept per meeting.

const KEY_PREFIX = 'traffpunkt.qa.withdraw.';
const ORIGIN_PREFIX = 'traffpunkt.qa.origin.';

export function withdrawKey(questionId) {
  try { return localStorage.getItem(`${KEY_PREFIX}${questionId}`); } catch { return null; }
}

export function storeWithdrawKey(questionId, key) {
  try {
    if (key) localStorage.setItem(`${KEY_PREFIX}${questionId}`, key);
    else localStorage.removeItem(`${KEY_PREFIX}${questionId}`);
  } catch { /* not kept: the question can be taken back from this page only */ }
}

/** 'room' or 'remote' as last chosen on this browser for the meeting, or null. */
export function storedOrigin(meetingId) {
  try {
    const v = localStorage.getItem(`${ORIGIN_PREFIX}${meetingId}`);
    return v === 'room' || v === 'remote' ? v : null;
  } catch { return null; }
}

export function storeOrigin(meetingId, origin) {
  try { localStorage.setItem(`${ORIGIN_PREFIX}${meetingId}`, origin); } catch { /* asked again next time */ }
}
