// Tenant pages: the executions list and one execution.
import { api } from './api.js';
import { el, pager } from './dom.js';
import { follow, isTerminal, MAX_LIST_STREAMS } from './live.js';

const STATUSES = ['', 'PENDING', 'PROCESSING', 'AWAITING_WEBHOOK', 'COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED'];

export async function executionsView(view, params) {
  const status = params.get('status') ?? '';
  const model = params.get('model') ?? '';
  const query = new URLSearchParams({ limit: '20' });
  if (status) query.set('status', status);
  if (model) query.set('model', model);
  if (params.get('starting_after')) query.set('starting_after', params.get('starting_after'));

  const statusSelect = el('select', { id: 'filter-status', name: 'status' },
    ...STATUSES.map((s) => el('option', { value: s, selected: s === status, text: s || 'any' })));
  const modelInput = el('input', { id: 'filter-model', name: 'model', value: model, placeholder: 'model slug' });
  const form = el('form', { class: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (statusSelect.value) next.set('status', statusSelect.value);
    if (modelInput.value.trim()) next.set('model', modelInput.value.trim());
    location.hash = '#/executions?' + next;
  } },
  el('div', {}, el('label', { for: 'filter-status', text: 'Status' }), statusSelect),
  el('div', {}, el('label', { for: 'filter-model', text: 'Model' }), modelInput),
  el('button', { type: 'submit', text: 'Filter' }));

  view.append(el('h2', { text: 'Executions' }), form);
  const page = await api('/v1/executions?' + query);
  if (page.data.length === 0) {
    view.append(el('p', { id: 'executions-empty', text: 'No executions.' }));
    return;
  }
  const rows = page.data.map((x) => el('tr', { 'data-id': x.id },
    el('td', { class: 'mono' }, el('a', { href: '#/executions/' + encodeURIComponent(x.id), text: x.id })),
    el('td', { text: x.model }),
    el('td', { class: 'status status-' + x.status.toLowerCase(), text: x.status }),
    el('td', { class: 'optional', text: x.cost ?? (x.hold_amount ? 'hold ' + x.hold_amount : '') }),
    el('td', { class: 'optional', text: x.created_at })));
  view.append(el('table', { id: 'executions' },
    el('thead', {}, el('tr', {}, ...['Id', 'Model', 'Status', 'Cost', 'Created'].map((h, i) =>
      el('th', { scope: 'col', class: i >= 3 ? 'optional' : null, text: h })))),
    el('tbody', {}, ...rows)));
  // live status for the newest unfinished rows
  page.data.filter((x) => !isTerminal(x.status)).slice(0, MAX_LIST_STREAMS).forEach((x) => {
    const cell = rows.find((r) => r.getAttribute('data-id') === x.id).querySelector('.status');
    follow(x.id, (name, data) => {
      const status = data?.data?.status ?? data?.status;
      if (status) {
        cell.textContent = status;
        cell.className = 'status status-' + status.toLowerCase();
      }
    });
  });
  const nav = pager('#/executions', params, page, 'next-page');
  if (nav.childNodes.length) view.append(nav);
}

// `subscribe(id, onEvent)` follows the execution live: the event stream by default; the playground
// passes the events of its STREAMING create instead.
export async function executionView(view, id, params, subscribe = follow) {
  const x = await api('/v1/executions/' + encodeURIComponent(id));
  const timeline = el('ol', { id: 'execution-events' },
    ...[['created', x.created_at], ['started', x.started_at], ['completed', x.completed_at]]
      .filter(([, t]) => t).map(([what, t]) => el('li', {}, el('time', { text: t }), ' ', what)));
  const streamed = el('pre', { id: 'execution-stream', hidden: true });
  view.append(el('p', {}, el('a', { href: '#/executions', text: '← Executions' })),
    el('h2', { class: 'mono', text: x.id }),
    el('dl', {},
      el('dt', { text: 'Model' }), el('dd', { text: x.model }),
      el('dt', { text: 'Status' }), el('dd', { id: 'execution-status', class: 'status status-' + x.status.toLowerCase(), text: x.status }),
      el('dt', { text: 'Mode' }), el('dd', { text: x.mode }),
      el('dt', { text: 'Hold' }), el('dd', { text: x.hold_amount ?? '—' }),
      el('dt', { text: 'Estimated cost' }), el('dd', { text: x.estimated_cost ?? '—' }),
      el('dt', { text: 'Cost' }), el('dd', { text: x.cost ?? '—' }),
      el('dt', { text: 'Created' }), el('dd', { text: x.created_at }),
      el('dt', { text: 'Completed' }), el('dd', { text: x.completed_at ?? '—' })),
    el('h3', { text: 'Timeline' }),
    timeline,
    el('h3', { text: 'Input' }),
    el('pre', { id: 'execution-input', text: JSON.stringify(x.input, null, 2) }));
  view.append(streamed);
  if (!isTerminal(x.status)) {
    const message = el('span', { role: 'status' });
    const cancel = el('button', { type: 'button', id: 'execution-cancel', text: 'Cancel execution', onclick: async () => {
      cancel.disabled = true;
      try {
        await api('/v1/executions/' + encodeURIComponent(x.id) + '/cancel', { method: 'POST' });
      } catch (e) {
        message.textContent = e.message;
        cancel.disabled = false;
      }
    } });
    view.querySelector('dl').after(el('p', {}, cancel, ' ', message));
    subscribe(x.id, (name, data) => {
      if (name === 'output.delta') {
        streamed.hidden = false;
        streamed.append(document.createTextNode(data?.text ?? ''));
        return;
      }
      const detail = name === 'progress' ? (data?.percent ?? '') + ' %' : '';
      timeline.append(el('li', {}, el('time', { text: new Date().toISOString() }), ' ', name, detail ? ' ' + detail : ''));
      const status = data?.data?.status ?? data?.status;
      if (status) {
        const cell = document.getElementById('execution-status');
        cell.textContent = status;
        cell.className = 'status status-' + status.toLowerCase();
        if (isTerminal(status)) { // show the final cost, output and error
          view.replaceChildren();
          executionView(view, id).catch((e) => view.append(el('p', { class: 'error', role: 'alert', text: e.message })));
        }
      }
    });
  }
  if (x.metadata && Object.keys(x.metadata).length) {
    view.append(el('h3', { text: 'Metadata' }), el('pre', { text: JSON.stringify(x.metadata, null, 2) }));
  }
  if (x.error) {
    view.append(el('h3', { text: 'Error' }),
      el('p', { class: 'error', id: 'execution-error' }, el('strong', { text: x.error.code }), ' ', x.error.message ?? ''));
  }
  // the execution carries a summary; the full output (every file, the text) is its result
  const output = x.status === 'COMPLETED' ? (await api('/v1/executions/' + encodeURIComponent(x.id) + '/result')).output : null;
  if (output) {
    view.append(el('h3', { text: 'Output' }));
    // files are read through the API with the session cookie (same origin, so the CSP allows them)
    for (const img of output.images ?? []) {
      view.append(el('img', { class: 'output', src: '/v1/files/' + encodeURIComponent(img.file_id) + '/download',
        alt: 'output image ' + img.file_id, width: img.width, height: img.height }));
    }
    for (const v of output.videos ?? []) {
      view.append(el('video', { class: 'output', controls: true, src: '/v1/files/' + encodeURIComponent(v.file_id) + '/download' }));
    }
    for (const a of output.audio ?? []) {
      view.append(el('audio', { controls: true, src: '/v1/files/' + encodeURIComponent(a.file_id) + '/download' }));
    }
    if (output.text !== undefined && output.text !== null) {
      view.append(el('pre', { id: 'execution-output-text', text: output.text }));
    }
  }
}
