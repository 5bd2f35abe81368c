// What someone typed into a form, kept in localStorage until the server has it: a page that is
// rebuilt (a reconnect's fresh snapshot), a reload or a long outage never loses it. A form that
// could not be sent is marked "inte sparat" and sent again, with the same idem key, once the
// connection is back.

const PREFIX = 'traffpunkt.draft.';

export function loadDraft(key) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? JSON.parse(raw) : null;
  } catch { return null; }
}

export function saveDraft(key, value) {
  try { localStorage.setItem(PREFIX + key, JSON.stringify(value)); } catch { /* kept in the page only */ }
}

export function clearDraft(key) {
  try { localStorage.removeItem(PREFIX + key); } catch { /* nothing kept */ }
}

/**
 * Keeps the named fields of `form` in the draft `key`: restores them now (when a draft exists),
 * saves on every input. `read()` of the returned object gives the draft's values.
 */
export function bindDraft(form, key, names) {
  const draft = loadDraft(key);
  const inputs = () => names.map(n => [n, form.querySelectorAll(`[name="${n}"]`)]);
  if (draft && draft.values) {
    for (const [n, els] of inputs()) {
      if (!(n in draft.values)) continue;
      for (const el of els) {
        if (el.type === 'radio') el.checked = el.value === draft.values[n];
        else el.value = draft.values[n];
      }
    }
  }
  const read = () => {
    const values = {};
    for (const [n, els] of inputs()) {
      for (const el of els) {
        if (el.type === 'radio') { if (el.checked) values[n] = el.value; } else values[n] = el.value;
      }
    }
    return values;
  };
  form.addEventListener('input', () => {
    const current = loadDraft(key) || {};
    saveDraft(key, { ...current, values: read() });
  });
  return {
    restored: Boolean(draft && draft.values),
    pending: Boolean(draft && draft.pending),
    idem: draft && draft.idem,
    read,
    /** Marks the draft as waiting to be sent with `idem`. */
    markPending(idem) { saveDraft(key, { values: read(), pending: true, idem }); },
    clear() { clearDraft(key); },
  };
}
