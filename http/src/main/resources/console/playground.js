// Tenant page: the playground. Lists the models; for one model renders a form from its input JSON
// Schema (file fields upload through the file flow), submits an execution with an Idempotency-Key
// and follows it with the execution detail of executions.js.
import { api, getSession, ApiError } from './api.js';
import { el } from './dom.js';
import { executionView } from './executions.js';
import { closeAll, follow, isTerminal } from './live.js';

// The events the execution detail follows (live.js listens to the same names).
const LIVE_EVENTS = new Set(['execution.started', 'execution.completed', 'execution.failed', 'execution.cancelled',
  'progress', 'output.delta']);
// String fields shown as a textarea: prompt-like names, or long texts.
const LONG_TEXT = /prompt|text|instruction|system|message|description/i;
const LONG_TEXT_LENGTH = 256;

export async function playgroundView(view, slug) {
  view.append(el('h2', { text: 'Playground' }));
  const models = (await api('/v1/models')).data;
  const picker = el('select', { id: 'playground-model', name: 'model', onchange: () => {
    location.hash = picker.value ? '#/playground/' + encodeURIComponent(picker.value) : '#/playground';
  } },
  el('option', { value: '', text: 'Choose a model…', selected: !slug }),
  ...models.map((m) => el('option', { value: m.slug, selected: m.slug === slug, text: `${m.slug} (${m.category})` })));
  view.append(el('div', { class: 'filters' }, el('div', {}, el('label', { for: 'playground-model', text: 'Model' }), picker)));
  if (!slug) {
    view.append(modelsTable(models));
    return;
  }
  const model = await api('/v1/models/' + encodeURIComponent(slug));
  view.append(el('p', { id: 'playground-description', text: model.description }),
    el('p', { class: 'hint', id: 'playground-pricing', text: 'Price: ' + priceText(model.pricing) }));
  view.append(...modelForm(model));
}

function modelsTable(models) {
  return el('table', { id: 'playground-models' },
    el('thead', {}, el('tr', {}, ...['Model', 'Category', 'Description', 'Price'].map((h, i) =>
      el('th', { scope: 'col', class: i >= 2 ? 'optional' : null, text: h })))),
    el('tbody', {}, ...models.map((m) => el('tr', { 'data-slug': m.slug },
      el('td', {}, el('a', { href: '#/playground/' + encodeURIComponent(m.slug), text: m.slug })),
      el('td', { text: m.category }),
      el('td', { class: 'optional', text: m.description }),
      el('td', { class: 'optional', text: priceText(m.pricing) })))));
}

function priceText(p) {
  switch (p?.unit) {
    case 'per_run': return `${p.price} USD per run`;
    case 'per_second': return `${p.price} USD per second of output`;
    case 'per_megapixel': return `${p.price} USD per megapixel`;
    case 'per_1k_tokens': return `${p.input_price} USD per 1,000 input tokens, ${p.output_price} USD per 1,000 output tokens`;
    default: return p?.unit ?? '—';
  }
}

// A fresh Idempotency-Key (getRandomValues works on plain http too, unlike randomUUID).
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'console-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The form, the error summary and the result area for one model.
function modelForm(model) {
  const schema = model.input_schema ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, prop]) => field(name, prop ?? {}, required.has(name)));
  const byPath = new Map(fields.map((f) => ['input.' + f.name, f]));

  const modes = model.category === 'text' ? ['ASYNC', 'STREAMING'] : ['ASYNC'];
  const modeSelect = el('select', { id: 'playground-mode', name: 'mode', 'aria-describedby': 'playground-mode-hint' },
    ...modes.map((m) => el('option', { value: m, text: m })));
  const modeField = modes.length > 1 ? el('div', { class: 'field' },
    el('label', { for: 'playground-mode', text: 'Mode' }), modeSelect,
    el('p', { class: 'hint', id: 'playground-mode-hint',
      text: 'ASYNC answers at once and the page follows the execution; STREAMING sends the text over the request as it is made.' }))
    : null;

  const summary = el('div', { id: 'playground-error', class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit', id: 'playground-submit', text: 'Run' });
  const status = el('span', { id: 'playground-status', role: 'status' });
  const price = el('dl', { id: 'playground-price', hidden: true });
  const run = el('div', { id: 'playground-execution' });

  // One key per form content: a double click (or a retry after a lost answer) repeats the same
  // request, which the API answers once; any change to the form makes the next submission new.
  let idempotencyKey = newKey();
  let inFlight = false;
  let uploads = 0;
  const changed = () => { idempotencyKey = newKey(); };
  const uploading = (delta) => {
    uploads += delta;
    submit.disabled = inFlight || uploads > 0;
  };

  const form = el('form', { id: 'playground-form', novalidate: true, 'aria-label': 'Input of ' + model.slug,
    oninput: changed, onchange: changed,
    onsubmit: async (ev) => {
      ev.preventDefault();
      if (inFlight || uploads > 0) return;
      summary.replaceChildren();
      fields.forEach((f) => f.clearError());
      const problems = [];
      const input = {};
      for (const f of fields) {
        const v = f.value(problems);
        if (v !== undefined) input[f.name] = v;
      }
      if (problems.length) {
        problems.forEach(([f, message]) => f.setError(message));
        summary.append(el('p', { text: 'Check the marked fields.' }));
        problems[0][0].focus();
        return;
      }
      inFlight = true;
      submit.disabled = true;
      status.textContent = 'Submitting…';
      try {
        await execute({ model: model.slug, input, mode: modeSelect.value }, idempotencyKey, price, run, status);
      } catch (e) {
        status.textContent = '';
        showError(e, summary, byPath);
      } finally {
        inFlight = false;
        submit.disabled = uploads > 0;
      }
    } },
  ...fields.map((f) => f.node), modeField,
  el('p', { class: 'hint', text: 'Fields marked (required) must be filled in.' }),
  summary,
  el('p', {}, submit, ' ', status));

  fields.forEach((f) => f.bind({ changed, uploading }));
  // side by side on a wide window, the run under the form on a narrow one
  return [el('div', { class: 'playground' }, form,
    el('section', { id: 'playground-result', 'aria-label': 'Run' }, price, run))];
}

// The server's answer to a rejected submission: field errors next to their fields, the rest above.
function showError(e, summary, byPath) {
  const details = e.details ?? [];
  const unplaced = [];
  let first = null;
  for (const d of details) {
    const path = String(d.field ?? '');
    const f = byPath.get(path) ?? byPath.get(path.split('.').slice(0, 2).join('.'));
    if (f) {
      f.setError(d.message ?? d.code);
      first = first ?? f;
    } else {
      unplaced.push(d);
    }
  }
  summary.append(el('p', {}, el('strong', { text: e.code ?? 'ERROR' }), ' ', e.message));
  if (unplaced.length) {
    summary.append(el('ul', {}, ...unplaced.map((d) => el('li', { text: `${d.field ?? ''}: ${d.message ?? d.code}` }))));
  }
  if (e.status === 401) summary.append(el('p', { text: 'Your session ended: reload the page and sign in again.' }));
  first?.focus();
}

// One form field for a schema property: its markup, how to read it, where its error goes.
function field(name, prop, isRequired) {
  const id = 'field-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
  const kind = kindOf(name, prop);
  const hintId = id + '-hint';
  const errorId = id + '-error';
  const hint = hintText(prop, kind);
  const described = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
  const common = { id, name, 'aria-describedby': described, 'aria-required': isRequired ? 'true' : null, 'data-kind': kind };
  const label = el('label', { for: id }, name, isRequired ? el('span', { class: 'required', text: ' (required)' }) : null);
  const error = el('p', { class: 'field-error', id: errorId, hidden: true });
  let control;
  let extra = null;
  let bind = () => {};

  if (kind === 'text' || kind === 'json') {
    control = el('textarea', { ...common, rows: kind === 'json' ? 3 : 4, maxlength: prop.maxLength });
    if (prop.default !== undefined) control.value = kind === 'json' ? JSON.stringify(prop.default) : String(prop.default);
  } else if (kind === 'integer' || kind === 'number') {
    control = el('input', { ...common, type: 'number', inputmode: kind === 'integer' ? 'numeric' : 'decimal',
      min: prop.minimum, max: prop.maximum, step: kind === 'integer' ? '1' : 'any', value: prop.default });
  } else if (kind === 'boolean') {
    control = el('input', { ...common, type: 'checkbox', checked: prop.default === true });
  } else if (kind === 'enum') {
    const blank = !isRequired || prop.default === undefined;
    control = el('select', common,
      blank ? el('option', { value: '', text: '—' }) : null,
      ...prop.enum.map((v, i) => el('option', { value: String(i), selected: v === prop.default, text: String(v) })));
  } else if (kind === 'file') {
    control = el('input', { ...common, type: 'text', placeholder: 'file_…', autocomplete: 'off', spellcheck: 'false' });
    const accept = prop['x-file']?.accept ?? [];
    const upload = el('input', { id: id + '-upload', type: 'file', accept: accept.join(',') || null,
      'aria-describedby': id + '-upload-status' });
    const uploadStatus = el('span', { id: id + '-upload-status', role: 'status' });
    const preview = el('div', { class: 'upload-preview' });
    extra = el('div', { class: 'upload' },
      el('label', { for: id + '-upload', text: 'or upload a file for ' + name }), upload, ' ', uploadStatus, preview);
    bind = ({ changed, uploading }) => {
      upload.addEventListener('change', async (ev) => {
        ev.stopPropagation(); // the chosen file is not the input yet: the reference is
        const file = upload.files[0];
        if (!file) return;
        setError(null);
        preview.replaceChildren();
        uploading(1);
        uploadStatus.textContent = 'Uploading…';
        try {
          const stored = await uploadFile(file);
          control.value = stored.id;
          changed();
          uploadStatus.textContent = `Uploaded ${stored.id} (${stored.content_type}, ${stored.size_bytes} bytes)`;
          if (accept.length && !accept.includes(stored.content_type)) {
            setError(`${name} accepts ${accept.join(', ')}; this file is ${stored.content_type}`);
          } else if (String(stored.content_type).startsWith('image/')) {
            preview.append(el('img', { class: 'preview', src: '/v1/files/' + encodeURIComponent(stored.id) + '/download',
              alt: 'the uploaded ' + name }));
          }
        } catch (e) {
          uploadStatus.textContent = 'Upload failed.';
          setError(e.message);
        } finally {
          uploading(-1);
        }
      });
    };
  } else {
    control = el('input', { ...common, type: 'text', maxlength: prop.maxLength, value: prop.default });
  }

  function setError(message) {
    error.textContent = message ?? '';
    error.hidden = !message;
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }

  control.addEventListener(kind === 'boolean' || kind === 'enum' ? 'change' : 'input', () => setError(null));

  const node = kind === 'boolean'
    ? el('div', { class: 'field field-check' }, control, label, hint ? el('p', { class: 'hint', id: hintId, text: hint }) : null, error)
    : el('div', { class: 'field' }, label, control, hint ? el('p', { class: 'hint', id: hintId, text: hint }) : null, extra, error);

  return {
    name,
    node,
    bind: (hooks) => bind(hooks),
    focus: () => control.focus(),
    setError,
    clearError: () => setError(null),
    // The value to send (undefined: leave the field out); client-side checks push [field, message].
    value(problems) {
      const problem = (message) => { problems.push([this, message]); return undefined; };
      if (kind === 'boolean') return control.checked || prop.default !== undefined ? control.checked : undefined;
      if (kind === 'number' || kind === 'integer') {
        if (control.validity.badInput) return problem(`${name} must be a number`);
        const text = control.value.trim();
        if (text === '') return isRequired ? problem(`${name} is required`) : undefined;
        const n = Number(text);
        if (!Number.isFinite(n)) return problem(`${name} must be a number`);
        if (kind === 'integer' && !Number.isInteger(n)) return problem(`${name} must be a whole number`);
        if ((prop.minimum !== undefined && n < prop.minimum) || (prop.maximum !== undefined && n > prop.maximum)) {
          return problem(`${name} must be between ${prop.minimum ?? '−∞'} and ${prop.maximum ?? '∞'}`);
        }
        return n;
      }
      if (kind === 'enum') {
        if (control.value === '') return isRequired ? problem(`${name} is required`) : undefined;
        return prop.enum[Number(control.value)];
      }
      const text = kind === 'file' ? control.value.trim() : control.value;
      if (text === '') return isRequired ? problem(`${name} is required`) : undefined;
      if (kind === 'json') {
        try {
          return JSON.parse(text);
        } catch {
          return problem(`${name} must be JSON`);
        }
      }
      const length = [...text].length;
      if (prop.minLength !== undefined && length < prop.minLength) return problem(`${name} must be at least ${prop.minLength} characters`);
      if (prop.maxLength !== undefined && length > prop.maxLength) return problem(`${name} must be at most ${prop.maxLength} characters`);
      return text;
    },
  };
}

// How a property is edited. The catalog marks file inputs with `x-file` (a `file_…` reference).
function kindOf(name, prop) {
  if (prop['x-file']) return 'file';
  if (Array.isArray(prop.enum)) return 'enum';
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'boolean' || type === 'integer' || type === 'number') return type;
  if (type === 'string') return LONG_TEXT.test(name) || !(prop.maxLength <= LONG_TEXT_LENGTH) ? 'text' : 'string';
  return 'json';
}

function hintText(prop, kind) {
  const parts = [];
  if (prop.description) parts.push(prop.description);
  if ((kind === 'integer' || kind === 'number') && (prop.minimum !== undefined || prop.maximum !== undefined)) {
    parts.push(`${prop.minimum ?? '−∞'} to ${prop.maximum ?? '∞'}`);
  }
  if ((kind === 'text' || kind === 'string') && prop.maxLength !== undefined) parts.push(`at most ${prop.maxLength} characters`);
  if (prop.default !== undefined && kind !== 'json') parts.push(`default ${prop.default}`);
  if (kind === 'json') parts.push('JSON');
  if (kind === 'file') {
    if (!/file_/.test(prop.description ?? '')) parts.push('a file_… reference');
    parts.push('accepts ' + ((prop['x-file']?.accept ?? []).join(', ') || 'any file'));
  }
  return parts.join(' · ');
}

// The file flow of the API: ask for an upload URL, PUT the bytes there, confirm; returns the file.
async function uploadFile(file) {
  const ticket = await api('/v1/files/upload', { method: 'POST', body: { purpose: 'INPUT' } });
  // the signed URL is on this server (maybe under its public address): send it to this origin,
  // which the Content-Security-Policy allows; it authenticates itself, so no cookie goes with it
  const url = new URL(ticket.upload_url, location.href);
  const r = await fetch(url.pathname + url.search, { method: 'PUT', body: file, credentials: 'omit' });
  if (!r.ok) {
    const text = await r.text();
    let body = null;
    try { body = JSON.parse(text); } catch { body = null; }
    throw new ApiError(r.status, body);
  }
  return api('/v1/files/confirm', { method: 'POST', body: { file_id: ticket.file_id } });
}

// POST /v1/executions with the session's CSRF token and the key; rejects with the API's error.
async function post(body, idempotencyKey, signal) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    'Idempotency-Key': idempotencyKey };
  const token = getSession()?.csrf_token;
  if (token) headers['X-CSRF-Token'] = token;
  const r = await fetch('/v1/executions', { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body), signal });
  if (!r.ok) {
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { json = null; }
    const e = new ApiError(r.status, json);
    e.details = json?.error?.details ?? [];
    throw e;
  }
  return r;
}

let stopStream = () => {};

// Submits; resolves once the execution is known (the 202, or a STREAMING create's first event)
// and shows it: the price, then the execution detail, which follows it live.
async function execute(body, idempotencyKey, price, run, status) {
  stopStream(); // one run at a time on the page: a new submission stops following the last one
  closeAll();
  if (body.mode !== 'STREAMING') {
    const r = await post(body, idempotencyKey);
    const x = await r.json();
    show(x, r.headers.get('Idempotent-Replayed') === 'true', price, run, status);
    return;
  }
  const abort = new AbortController();
  stopStream = () => abort.abort();
  window.addEventListener('hashchange', stopStream, { once: true }); // leaving the page ends the stream
  const r = await post(body, idempotencyKey, abort.signal);
  const events = buffered();
  let known;
  const state = new Promise((resolve, reject) => { known = { resolve, reject }; });
  let id = null;
  readEvents(r, (name, data) => {
    if (name === 'execution.state') {
      id = data?.id;
      known.resolve(data);
    } else if (LIVE_EVENTS.has(name)) {
      events.push(name, data);
    }
  }).then(() => 'ended', (e) => e).then((end) => {
    known.reject(end instanceof Error ? end : new Error('The stream ended before the execution was shown.'));
    // the stream broke off before the end (not when the page was left): follow the event stream instead
    if (id && !abort.signal.aborted && !events.ended()) events.handOver(id);
  });
  const x = await state;
  show(x, r.headers.get('Idempotent-Replayed') === 'true', price, run, status, events.subscribe);
}

function show(x, replayed, price, run, status, subscribe) {
  status.textContent = replayed ? 'Already submitted: this is the execution of the same request.' : 'Submitted.';
  price.hidden = false;
  price.replaceChildren(
    el('dt', { text: 'Execution' }), el('dd', { class: 'mono' }, el('a', { href: '#/executions/' + encodeURIComponent(x.id), text: x.id })),
    el('dt', { text: 'Estimated cost' }), el('dd', { id: 'playground-estimate', text: (x.estimated_cost ?? '—') + ' USD' }),
    el('dt', { text: 'Hold' }), el('dd', { id: 'playground-hold', text: (x.hold_amount ?? '—') + ' USD' }));
  run.replaceChildren();
  executionView(run, x.id, new URLSearchParams(), subscribe)
    .catch((e) => run.append(el('p', { class: 'error', role: 'alert', text: e.message })));
}

// Events kept until the execution detail subscribes, then handed over as they come.
function buffered() {
  const seen = [];
  let listener = null;
  let ended = false;
  const deliver = (name, data) => {
    const status = data?.data?.status ?? data?.status;
    if (status && isTerminal(status)) ended = true;
    if (listener) listener(name, data);
  };
  return {
    push(name, data) {
      seen.push([name, data]);
      deliver(name, data);
    },
    subscribe(id, onEvent) {
      listener = onEvent;
      seen.forEach(([name, data]) => onEvent(name, data));
      return () => { listener = null; };
    },
    ended: () => ended,
    // the rest through GET …/events (it starts with the current state; text already shown is not repeated there)
    handOver(id) {
      if (listener) follow(id, (name, data) => { if (name !== 'output.delta') deliver(name, data); });
    },
  };
}

// Reads a text/event-stream response (the WHATWG format the server writes) event by event.
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const key = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? '' : line.slice(colon + 1);
        if (v.startsWith(' ')) v = v.slice(1);
        if (key === 'event') name = v;
        else if (key === 'data') data.push(v);
      }
      if (data.length) {
        let parsed = null;
        try { parsed = JSON.parse(data.join('\n')); } catch { parsed = null; }
        onEvent(name, parsed);
      }
    }
  }
}
