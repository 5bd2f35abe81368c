// A meeting's documents for its facilitators: upload by dropping files on the drop zone or with
// the file button (a progress bar per upload), a new version of a document, its visibility,
// and removing it (after a confirmation). Uploads go over HTTP as the bare bytes (PROTOCOL.md
// "Uploading"); the list follows `documents-staff:M`.

import { h, patch, field, idemKey, downloadWithToken, uid } from './dom.js';
import { t, formatNumber, formatDateTime } from './i18n.js';
import { feedback, send, confirmDialog, labelled } from './ui.js';

const VISIBILITY = ['public', 'registered', 'facilitators'];

/** POSTs `file` to `url` with the token; onProgress(0..1); resolves with the JSON answer. */
function upload(url, token, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (file.type) xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(body && body.error ? body.error : { code: xhr.status === 413 ? 'too_large' : 'internal', message: `HTTP ${xhr.status}` });
    };
    xhr.onerror = () => reject({ code: 'offline', message: '' });
    xhr.send(file);
  });
}

export function documentsEditor(conn, meetingId, { token, agendaItems = () => [] }) {
  const el = h('div', { class: 'documents-editor' });
  const docs = new Map();
  const fb = feedback('documents-feedback');
  const uploads = h('ul', { class: 'uploads', id: 'uploads', 'aria-label': t('docs.uploads') });
  const visibility = field(t('docs.f.visibility'), 'select', { id: 'doc-visibility', value: 'registered' },
    VISIBILITY.map(v => ({ value: v, label: t(`docs.visibility.${v}`) })));
  const item = field(t('docs.f.item'), 'select', { id: 'doc-item', value: '' }, [{ value: '', label: t('pollform.item.none') }]);
  const fileInput = h('input', { type: 'file', id: 'doc-file', multiple: true, class: 'visually-hidden' });
  const zone = h('div', { class: 'drop-zone', id: 'drop-zone' },
    h('p', null, t('docs.drop')),
    h('label', { for: 'doc-file', class: 'button-link file-button' }, t('docs.choose')),
    fileInput);
  const list = h('div', { id: 'documents-list' });
  el.append(h('div', { class: 'form' }, visibility.wrap, item.wrap), zone, uploads, fb.el, list);

  function startUpload(file, documentId) {
    const key = uid('up');
    const bar = h('progress', { max: '100', value: '0', id: `${key}-bar`, 'aria-labelledby': `${key}-name` });
    const line = h('p', { class: 'muted', id: `${key}-state` }, t('docs.uploading'));
    const row = h('li', { class: 'upload', dataset: { file: file.name } }, h('span', { id: `${key}-name` }, file.name), bar, line);
    uploads.append(row);
    const q = new URLSearchParams({ filename: file.name });
    let url;
    if (documentId) {
      url = `/meetings/${meetingId}/documents/${documentId}/versions?${q}`;
    } else {
      q.set('visibility', visibility.input.value);
      if (item.input.value) q.set('agenda_item_id', item.input.value);
      url = `/meetings/${meetingId}/documents?${q}`;
    }
    upload(url, token, file, (p) => { bar.value = Math.round(p * 100); })
      .then((res) => {
        bar.value = 100;
        line.textContent = documentId ? t('docs.versioned', { title: res.document.title, n: res.document.latest.version }) : t('docs.uploaded', { title: res.document.title });
        docs.set(res.document.document_id, res.document);
        render();
        setTimeout(() => row.remove(), 8000);
      }, (err) => {
        line.textContent = '';
        row.append(h('p', { class: 'error' }, err.code === 'too_large' ? t('docs.toolarge') : t('docs.failed', { name: file.name })));
        fb.fail(err, { focus: false });
      });
  }

  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    for (const file of e.dataTransfer.files) startUpload(file);
  });
  fileInput.addEventListener('change', () => {
    for (const file of fileInput.files) startUpload(file);
    fileInput.value = '';
  });

  async function remove(d) {
    const ok = await confirmDialog({ title: t('docs.remove.title', { title: d.title }), body: t('docs.remove.body'), confirm: t('docs.remove.yes') });
    if (!ok) return;
    const res = await send(fb, conn.request('document.remove', { document_id: d.document_id }, { idem: idemKey('drm') }), t('docs.removed', { title: d.title }));
    if (res) { docs.delete(d.document_id); render(); }
  }

  function render() {
    const all = [...docs.values()];
    if (!all.length) { patch(list, h('p', null, t('docs.none'))); return; }
    patch(list, h('ul', { class: 'documents documents-edit' }, all.map((d) => {
      const did = `doc-${d.document_id}`;
      const versionInput = h('input', { type: 'file', id: `${did}-version`, class: 'visually-hidden', 'aria-label': t('docs.newversion', { title: d.title }) });
      versionInput.addEventListener('change', () => { if (versionInput.files[0]) startUpload(versionInput.files[0], d.document_id); versionInput.value = ''; });
      const vis = h('select', { id: `${did}-vis`, 'aria-label': t('docs.f.visibility.of', { title: d.title }) },
        VISIBILITY.map(v => h('option', { value: v, selected: v === d.visibility }, t(`docs.visibility.${v}`))));
      vis.addEventListener('change', () => send(fb, conn.request('document.update', { document_id: d.document_id, visibility: vis.value }, { idem: idemKey('dvis') }),
        t('docs.visibility.saved', { title: d.title }), { focus: false }));
      const latest = d.latest;
      return h('li', { class: 'document-row', dataset: { documentId: d.document_id } },
        h('div', null,
          h('button', { type: 'button', class: 'link-button', onclick: () => downloadWithToken(d.url, token, latest ? latest.filename : d.title).catch(err => fb.fail(err)) }, d.title),
          latest ? h('span', { class: 'muted' }, ` ${t('docs.meta', { version: latest.version, size: formatNumber(Math.max(1, Math.ceil(latest.size / 1024))), when: formatDateTime(latest.uploaded_at) })}`) : null),
        h('div', { class: 'actions' },
          vis,
          h('label', { for: `${did}-version`, class: 'button-link small file-button' }, labelled(t('docs.newversion', { title: d.title })).visible), versionInput,
          h('button', { type: 'button', class: 'small danger', id: `${did}-remove`, onclick: () => remove(d) }, labelled(t('docs.remove', { title: d.title })))));
    })));
  }

  function refreshItems() {
    const keep = item.input.value;
    patch(item.input, [{ value: '', label: t('pollform.item.none') }].concat(agendaItems().map(i => ({ value: String(i.item_id), label: i.title })))
      .map(o => h('option', { value: o.value }, o.label)));
    item.input.value = keep;
  }

  const unsub = conn.subscribe(`documents-staff:${meetingId}`, {
    onSnapshot(snap) { docs.clear(); for (const d of snap.documents) docs.set(d.document_id, d); render(); },
    onEvent(ev, data) {
      if (ev === 'document.removed') docs.delete(data.document_id);
      else if (data.document) docs.set(data.document.document_id, data.document);
      render();
    },
  });
  return { el, refreshItems, documents: () => [...docs.values()], stop: unsub };
}
