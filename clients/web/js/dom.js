// DOM helpers. Text is only ever inserted as text nodes (textContent), never parsed as HTML,
// so whatever a user typed into a title or a name cannot become markup or script.

/** Builds an element: h('p', {class: 'x', onclick: f}, 'text', child, [more children]). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled') el[k] = v;
    else if (k === 'href') el.setAttribute('href', safeUrl(v));
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else if (typeof c === 'object' && c.label !== undefined && c.visible !== undefined) {
      // A short visible text with the whole name for assistive technology (labelled(), ui.js).
      el.setAttribute('aria-label', c.label);
      el.append(document.createTextNode(c.visible));
    } else el.append(document.createTextNode(String(c)));
  }
}

/** Only links we mean: same-origin paths, fragments, http(s), webcal and mailto. */
export function safeUrl(url) {
  const s = String(url);
  if (/^(#|\/(?!\/))/.test(s)) return s;
  if (/^(https?|webcal|mailto|blob):/i.test(s)) return s;
  return '#';
}

/**
 * Replaces the children of `container`, keeping keyboard focus on the element with the same id
 * (or data-key) when it was inside: live updates must not throw a keyboard user back to the top.
 */
export function patch(container, ...children) {
  const active = document.activeElement;
  const key = active && active !== document.body && container.contains(active)
    ? (active.id ? { id: active.id } : active.dataset.key ? { key: active.dataset.key } : null)
    : null;
  container.replaceChildren();
  append(container, children);
  if (key) {
    const sel = key.id ? `#${CSS.escape(key.id)}` : `[data-key="${CSS.escape(key.key)}"]`;
    const again = container.querySelector(sel);
    if (again) again.focus();
  }
}

let counter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled form field: returns {wrap, input}. kind: input type, 'textarea' or 'select'. */
export function field(label, kind, attrs = {}, options = []) {
  const id = attrs.id || uid('field');
  let input;
  if (kind === 'textarea') input = h('textarea', { ...attrs, id });
  else if (kind === 'select') {
    input = h('select', { ...attrs, id },
      options.map(o => h('option', { value: o.value, selected: o.value === attrs.value }, o.label)));
    if (attrs.value !== undefined) input.value = attrs.value;
  } else input = h('input', { type: kind, ...attrs, id });
  const hintId = attrs.hint ? `${id}-hint` : null;
  if (hintId) { input.removeAttribute('hint'); input.setAttribute('aria-describedby', hintId); }
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hintId ? h('p', { class: 'hint', id: hintId }, attrs.hint) : null,
    input);
  return { wrap, input };
}

/** A random key for `idem` (letters, digits and dashes, as the protocol allows). */
export function idemKey(prefix) {
  const r = crypto.getRandomValues(new Uint32Array(3));
  return `${prefix}-${Array.from(r, x => x.toString(36)).join('')}`;
}

/** The file name a Content-Disposition header gives (RFC 6266: filename* first), or null. */
export function dispositionFilename(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall back to filename= */ }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) || /filename\s*=\s*([^;]+)/i.exec(header);
  return plain ? plain[1].trim() : null;
}

/**
 * Saves a fetched response as a file (for downloads that need the token in a header), named as
 * the server says (Content-Disposition) or `filename`. Resolves with the name used.
 */
export async function downloadWithToken(url, token, filename) {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found' : 'internal', message: `HTTP ${res.status}` });
  const name = dispositionFilename(res.headers.get('content-disposition')) || filename;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
  return name;
}
