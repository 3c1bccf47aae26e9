// Tenant page: the organization's files — list with cursor paging, preview, download, delete.
import { api, ApiError } from './api.js';
import { el, clear, pager } from './dom.js';

const STATUSES = ['', 'READY', 'PENDING_UPLOAD'];
const PURPOSES = ['', 'INPUT', 'UPLOAD', 'OUTPUT'];
// A text preview reads at most this many bytes (a Range request), so a large log does not stall the page.
const TEXT_PREVIEW_BYTES = 64 * 1024;

const download = (id) => '/v1/files/' + encodeURIComponent(id) + '/download';

function size(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KiB';
  return (bytes / (1024 * 1024)).toFixed(1) + ' MiB';
}

function isText(type) {
  return /^text\//.test(type ?? '') || /^application\/(json|x-ndjson|xml)\b/.test(type ?? '');
}

// Shows one file in `box`: image, video and audio inline from the download route (the session
// cookie goes along; same origin, so the CSP allows it), text as text, anything else as a note.
async function preview(box, f) {
  clear(box);
  box.hidden = false;
  box.append(el('h3', { text: 'Preview' }), el('p', { class: 'mono', text: f.id + ' · ' + (f.content_type ?? 'unknown type') }));
  const type = f.content_type ?? '';
  if (type.startsWith('image/')) {
    box.append(el('img', { class: 'output', id: 'file-preview-image', src: download(f.id), alt: 'file ' + f.id }));
  } else if (type.startsWith('video/')) {
    box.append(el('video', { class: 'output', id: 'file-preview-video', controls: true, src: download(f.id) }));
  } else if (type.startsWith('audio/')) {
    box.append(el('audio', { id: 'file-preview-audio', controls: true, src: download(f.id) }));
  } else if (isText(type)) {
    const r = await fetch(download(f.id), { credentials: 'same-origin', headers: { Range: 'bytes=0-' + (TEXT_PREVIEW_BYTES - 1) } });
    if (!r.ok) {
      const body = await r.json().catch(() => null);
      throw new ApiError(r.status, body);
    }
    const text = await r.text();
    box.append(el('pre', { id: 'file-preview-text', text }));
    if (f.size_bytes > TEXT_PREVIEW_BYTES) box.append(el('p', { class: 'hint', text: 'The first 64 KiB of ' + size(f.size_bytes) + '.' }));
  } else {
    box.append(el('p', { text: 'No preview for this type: download it.' }));
  }
  box.append(el('p', {}, el('a', { href: download(f.id), download: f.id, text: 'Download' })));
  box.querySelector('h3').scrollIntoView?.({ block: 'nearest' });
}

export async function filesView(view, params) {
  const status = params.get('status') ?? '';
  const purpose = params.get('purpose') ?? '';
  const query = new URLSearchParams({ limit: params.get('limit') ?? '20' });
  if (status) query.set('status', status);
  if (purpose) query.set('purpose', purpose);
  if (params.get('starting_after')) query.set('starting_after', params.get('starting_after'));

  const statusSelect = el('select', { id: 'files-status', name: 'status' },
    ...STATUSES.map((s) => el('option', { value: s, selected: s === status, text: s || 'any' })));
  const purposeSelect = el('select', { id: 'files-purpose', name: 'purpose' },
    ...PURPOSES.map((p) => el('option', { value: p, selected: p === purpose, text: p || 'any' })));
  const form = el('form', { class: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (statusSelect.value) next.set('status', statusSelect.value);
    if (purposeSelect.value) next.set('purpose', purposeSelect.value);
    location.hash = '#/files?' + next;
  } },
  el('div', {}, el('label', { for: 'files-status', text: 'Status' }), statusSelect),
  el('div', {}, el('label', { for: 'files-purpose', text: 'Purpose' }), purposeSelect),
  el('button', { type: 'submit', text: 'Filter' }));

  const message = el('p', { id: 'files-message', role: 'status', tabindex: '-1' });
  const problem = el('p', { id: 'files-error', class: 'error', role: 'alert' });
  const box = el('section', { id: 'file-preview', hidden: true, 'aria-live': 'polite' });
  view.append(el('h2', { text: 'Files' }), form, message, problem);

  const page = await api('/v1/files?' + query);
  if (page.data.length === 0) {
    view.append(el('p', { id: 'files-empty', text: 'No files.' }));
    return;
  }

  const failed = (e) => {
    if (e instanceof ApiError && e.status === 401) {
      window.dispatchEvent(new HashChangeEvent('hashchange')); // the shell's route() shows the sign-in
      return;
    }
    problem.textContent = e.message;
  };

  const row = (f) => {
    const ready = f.status === 'READY';
    const actions = el('td', { class: 'actions' });
    const tr = el('tr', { 'data-id': f.id },
      el('td', { class: 'mono', text: f.id }),
      el('td', { class: 'optional', text: f.purpose }),
      el('td', { class: 'status', text: f.status }),
      el('td', { class: 'optional', text: f.content_type ?? '—' }),
      el('td', { class: 'optional', text: size(f.size_bytes) }),
      el('td', { class: 'optional', text: f.created_at }),
      el('td', { class: 'optional', text: f.expires_at ?? 'kept' }),
      actions);
    const normal = (refocus) => {
      clear(actions);
      if (ready) {
        actions.append(
          el('button', { type: 'button', class: 'file-preview', 'aria-label': 'Preview ' + f.id, text: 'Preview', onclick: () => {
            problem.textContent = '';
            preview(box, f).catch(failed);
          } }), ' ',
          el('a', { href: download(f.id), download: f.id, class: 'file-download', 'aria-label': 'Download ' + f.id, text: 'Download' }), ' ');
      }
      const del = el('button', { type: 'button', class: 'file-delete', 'aria-label': 'Delete ' + f.id, text: 'Delete', onclick: confirmDelete });
      actions.append(del);
      if (refocus === true) del.focus();
    };
    // the confirm step replaces the row's buttons until the user decides
    function confirmDelete() {
      clear(actions);
      const keep = el('button', { type: 'button', class: 'file-delete-cancel', text: 'Keep', onclick: () => normal(true) });
      const yes = el('button', { type: 'button', class: 'file-delete-confirm danger', text: 'Delete for good', onclick: async () => {
        yes.disabled = true;
        try {
          await api('/v1/files/' + encodeURIComponent(f.id), { method: 'DELETE' });
          tr.remove();
          if (box.querySelector('.mono')?.textContent.startsWith(f.id)) { clear(box); box.hidden = true; }
          message.textContent = 'Deleted ' + f.id + '.';
          message.focus(); // the row and its buttons are gone: keep the keyboard user's place
        } catch (e) {
          failed(e);
          normal();
        }
      } });
      actions.append(el('span', { role: 'alert', text: 'Delete ' + f.id + ' and its bytes? This cannot be undone. ' }), yes, ' ', keep);
      keep.focus();
    }
    normal();
    return tr;
  };

  // on a phone only the id, status and actions stay (the .optional columns hide)
  const OPTIONAL = [1, 3, 4, 5, 6];
  view.append(el('div', { class: 'table-scroll' }, el('table', { id: 'files' },
    el('thead', {}, el('tr', {}, ...['Id', 'Purpose', 'Status', 'Type', 'Size', 'Created', 'Expires', 'Actions'].map((h, i) =>
      el('th', { scope: 'col', class: OPTIONAL.includes(i) ? 'optional' : null, text: h })))),
    el('tbody', {}, ...page.data.map(row)))));
  const nav = pager('#/files', params, page, 'files-next-page');
  if (nav.childNodes.length) view.append(nav);
  view.append(box);
}
