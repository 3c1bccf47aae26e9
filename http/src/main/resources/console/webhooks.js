// Tenant pages: webhook endpoints (list, create, edit, test, enable/disable, recover, delete), the
// default signing secret, and per endpoint the delivery log with each delivery's attempts and a
// Redeliver button. Everything the API or a receiver returned (URLs, descriptions, errors) is text.
import { api } from './api.js';
import { el, clear, pager } from './dom.js';

const BASE = '/v1/webhooks/endpoints';
// The events an endpoint may subscribe to, as the API's own document declares them
// (components.schemas.WebhookEventType); this list is used only when that cannot be read.
const FALLBACK_EVENTS = ['execution.started', 'execution.completed', 'execution.failed', 'execution.cancelled'];
// While deliveries are pending the open endpoint page re-reads its log: 3 s after a change or an
// action, then less and less often, at most every 30 s.
const POLL_MS = 3000;
const POLL_MAX_MS = 30000;
let eventTypes = null;

async function events() {
  if (eventTypes) return eventTypes;
  try {
    const doc = await api('/openapi.json');
    const list = doc?.components?.schemas?.WebhookEventType?.enum;
    eventTypes = Array.isArray(list) && list.length ? list : FALLBACK_EVENTS;
  } catch {
    eventTypes = FALLBACK_EVENTS;
  }
  return eventTypes;
}

const path = (id) => BASE + '/' + encodeURIComponent(id);
const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);
const alertBox = (id) => el('p', { id, class: 'error', role: 'alert' });
const statusLine = (id) => el('p', { id, role: 'status', class: 'hint' });

function stateText(e) {
  return e.is_active ? 'enabled' : 'disabled';
}

function eventsText(list) {
  return list && list.length ? list.join(', ') : 'all events';
}

// "Name: value" per line <-> the headers object.
function headersText(headers) {
  return Object.entries(headers ?? {}).map(([k, v]) => k + ': ' + v).join('\n');
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error('Each header line is "Name: value": ' + line);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

// An API error (the error shape of docs/http-api.md, with its field details) or a form problem, as text.
function problem(e) {
  const details = (e.details ?? []).map((d) => (d.field ? d.field + ': ' : '') + (d.message ?? d.code));
  return details.length ? e.message + ' — ' + details.join('; ') : e.message;
}

// The fields shared by the create and the edit form; `prefix` keeps the ids apart.
function endpointFields(prefix, types, current) {
  const chosen = new Set(current?.events ?? []);
  const url = el('input', { id: prefix + '-url', name: 'url', type: 'url', required: true, maxlength: 2048,
    value: current?.url ?? '', placeholder: 'https://example.org/hooks/modelroute', autocomplete: 'off' });
  const description = el('input', { id: prefix + '-description', name: 'description', maxlength: 500,
    value: current?.description ?? '' });
  const boxes = types.map((t) => el('input', { type: 'checkbox', id: prefix + '-event-' + t, name: 'events', value: t,
    checked: chosen.has(t) }));
  const headers = el('textarea', { id: prefix + '-headers', name: 'headers', rows: 2, spellcheck: 'false',
    placeholder: 'Authorization: Bearer my-receiver-token' });
  headers.value = headersText(current?.headers);
  const fields = el('div', { class: 'webhook-fields' },
    el('div', {}, el('label', { for: prefix + '-url', text: 'URL' }), url),
    el('div', {}, el('label', { for: prefix + '-description', text: 'Description' }), description),
    el('fieldset', { class: 'webhook-events' }, el('legend', { text: 'Events (none ticked: all events)' }),
      ...boxes.map((b, i) => el('span', { class: 'checkbox' }, b, el('label', { for: b.id, text: types[i] })))),
    el('div', {}, el('label', { for: prefix + '-headers', text: 'Extra request headers (one "Name: value" a line)' }), headers));
  const read = () => ({
    url: url.value.trim(),
    description: description.value.trim(),
    events: boxes.filter((b) => b.checked).map((b) => b.value),
    headers: parseHeaders(headers.value),
  });
  return { fields, read, focus: () => url.focus() };
}

// ---- the endpoints list ----

export async function webhooksView(view) {
  const types = await events();
  const { endpoints } = await api(BASE);
  view.append(el('h2', { text: 'Webhook endpoints' }));
  const listBox = el('div', { id: 'webhook-list' });
  renderList(listBox, endpoints);

  const created = el('div', { id: 'webhook-created', 'aria-live': 'polite' });
  const error = alertBox('webhook-create-error');
  const form = endpointFields('webhook-new', types, null);
  const submit = el('button', { type: 'submit', id: 'webhook-create', text: 'Add endpoint' });
  const createForm = el('form', { id: 'webhook-create-form', class: 'webhook-form', onsubmit: async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const body = form.read();
      if (!body.description) delete body.description;
      const e = await api(BASE, { method: 'POST', body });
      createForm.reset();
      // the secret is in the page only until the next navigation; nothing keeps it
      clear(created).append(el('div', { class: 'secret-once', role: 'status' },
        el('p', {}, 'Endpoint ', el('a', { href: '#/webhooks/' + encodeURIComponent(e.id), text: e.url }),
          ' added. Its signing secret, shown only now:'),
        el('code', { id: 'webhook-new-secret', class: 'mono', text: e.secret }),
        el('p', { class: 'hint', text: 'Copy it to the receiver: later reads of the endpoint never show it.' })));
      renderList(listBox, (await api(BASE)).endpoints);
    } catch (e) {
      error.textContent = problem(e);
    } finally {
      submit.disabled = false;
    }
  } }, form.fields, el('p', {}, submit), error);

  view.append(listBox, created,
    el('h3', { text: 'Add an endpoint' }),
    el('p', { class: 'hint', text: 'https only (plain http only where the server allows private networks). '
      + 'Deliveries are signed with the endpoint\'s secret (X-Signature and the Standard Webhooks headers).' }),
    createForm,
    signingSecretSection());
}

function renderList(box, endpoints) {
  clear(box);
  if (!endpoints.length) {
    box.append(el('p', { id: 'webhooks-empty', text: 'No endpoints yet.' }));
    return;
  }
  box.append(el('table', { id: 'webhook-endpoints' },
    el('thead', {}, el('tr', {}, ...['URL', 'Events', 'State', 'Description', 'Created'].map((h, i) =>
      el('th', { scope: 'col', class: i >= 3 ? 'optional' : null, text: h })))),
    el('tbody', {}, ...endpoints.map((e) => el('tr', { 'data-id': e.id },
      el('td', { class: 'mono' }, el('a', { href: '#/webhooks/' + encodeURIComponent(e.id), text: e.url })),
      el('td', { text: eventsText(e.events) }),
      el('td', { class: 'state state-' + stateText(e), text: stateText(e)
        + (e.failure_count ? ' · ' + e.failure_count + ' failed' : '') }),
      el('td', { class: 'optional', text: dash(e.description) }),
      el('td', { class: 'optional', text: e.created_at }))))));
}

// The organization's default secret (it signs deliveries to a per-execution webhook_url): read
// from the API when asked, shown in the page only, gone on Hide or navigation.
function signingSecretSection() {
  const out = el('code', { id: 'signing-secret', class: 'mono', hidden: true });
  const error = alertBox('signing-secret-error');
  const button = el('button', { type: 'button', id: 'signing-secret-toggle', text: 'Show signing secret',
    'aria-controls': 'signing-secret', 'aria-expanded': 'false', onclick: async () => {
      error.textContent = '';
      if (!out.hidden) {
        out.textContent = '';
        out.hidden = true;
        button.textContent = 'Show signing secret';
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      try {
        out.textContent = (await api('/v1/webhooks/signing-secret')).secret;
        out.hidden = false;
        button.textContent = 'Hide signing secret';
        button.setAttribute('aria-expanded', 'true');
      } catch (e) {
        error.textContent = problem(e);
      }
    } });
  return el('section', { class: 'signing-secret' },
    el('h3', { text: 'Default signing secret' }),
    el('p', { class: 'hint', text: 'Signs the deliveries to an execution\'s own webhook_url (endpoints have their own secrets).' }),
    el('p', {}, button), out, error);
}

// ---- one endpoint and its delivery log ----

export async function webhookView(view, id, params) {
  const types = await events();
  const hash = location.hash;
  const stillShown = () => view.isConnected && location.hash === hash;
  let endpoint = await api(path(id));

  const summary = el('div', { id: 'webhook-summary' });
  const actions = el('div', { class: 'webhook-actions' });
  const message = statusLine('webhook-message');
  const error = alertBox('webhook-error');
  const log = el('section', { id: 'webhook-log', 'aria-labelledby': 'webhook-log-title' });
  const detail = el('section', { id: 'delivery-detail', 'aria-live': 'polite' });

  const say = (text) => { error.textContent = ''; message.textContent = text; };
  const fail = (e) => { message.textContent = ''; error.textContent = problem(e); };
  const act = async (button, work) => {
    button.disabled = true;
    try {
      await work();
    } catch (e) {
      fail(e);
    } finally {
      button.disabled = false;
    }
  };

  const renderSummary = () => {
    clear(summary).append(el('h2', { class: 'mono', id: 'webhook-url', text: endpoint.url }),
      el('dl', {},
        el('dt', { text: 'Id' }), el('dd', { class: 'mono', text: endpoint.id }),
        el('dt', { text: 'State' }), el('dd', { id: 'webhook-state', class: 'state state-' + stateText(endpoint),
          text: stateText(endpoint) }),
        el('dt', { text: 'Events' }), el('dd', { id: 'webhook-events', text: eventsText(endpoint.events) }),
        el('dt', { text: 'Description' }), el('dd', { id: 'webhook-description', text: dash(endpoint.description) }),
        el('dt', { text: 'Extra headers' }), el('dd', { text: dash(Object.keys(endpoint.headers ?? {}).join(', ')) }),
        el('dt', { text: 'Failed attempts in a row' }), el('dd', { text: endpoint.failure_count }),
        el('dt', { text: 'Last success' }), el('dd', { text: dash(endpoint.last_success) }),
        el('dt', { text: 'Last failure' }), el('dd', { text: dash(endpoint.last_failure) }),
        el('dt', { text: 'Created' }), el('dd', { text: endpoint.created_at })));
    toggle.textContent = endpoint.is_active ? 'Disable' : 'Enable';
    test.disabled = !endpoint.is_active;
  };

  const test = el('button', { type: 'button', id: 'webhook-test', text: 'Send test event', onclick: () => act(test, async () => {
    const d = await api(path(id) + '/test', { method: 'POST' });
    say('Test event queued (' + d.id + ').');
    await refresh();
  }) });
  const toggle = el('button', { type: 'button', id: 'webhook-toggle', onclick: () => act(toggle, async () => {
    endpoint = await api(path(id), { method: 'PATCH', body: { is_active: !endpoint.is_active } });
    say(endpoint.is_active ? 'Enabled: held deliveries are sent again.' : 'Disabled: new deliveries are held until it is enabled.');
    renderSummary();
    await refresh();
  }) });
  let armed = false;
  const remove = el('button', { type: 'button', id: 'webhook-delete', class: 'danger', text: 'Delete endpoint',
    onclick: () => act(remove, async () => {
      if (!armed) { // a second press confirms (no modal dialog)
        armed = true;
        remove.textContent = 'Press again to delete it and its log';
        return;
      }
      await api(path(id), { method: 'DELETE' });
      location.hash = '#/webhooks';
    }) });
  actions.append(test, ' ', toggle, ' ', remove);

  view.append(el('p', {}, el('a', { href: '#/webhooks', text: '← Webhook endpoints' })),
    summary, actions, message, error);
  renderSummary();

  // edit
  const edit = endpointFields('webhook-edit', types, endpoint);
  const save = el('button', { type: 'submit', id: 'webhook-save', text: 'Save changes' });
  view.append(el('details', { id: 'webhook-edit' }, el('summary', { text: 'Edit endpoint' }),
    el('form', { id: 'webhook-edit-form', class: 'webhook-form', onsubmit: (ev) => {
      ev.preventDefault();
      act(save, async () => {
        const body = edit.read(); // an empty description removes it; no events ticked means all
        endpoint = await api(path(id), { method: 'PATCH', body });
        say('Saved.');
        renderSummary();
      });
    } }, edit.fields, el('p', {}, save))));

  // recover
  const since = el('input', { id: 'webhook-recover-since', name: 'since', type: 'datetime-local', required: true });
  const recover = el('button', { type: 'submit', id: 'webhook-recover', text: 'Re-queue' });
  view.append(el('details', { id: 'webhook-recover-box' }, el('summary', { text: 'Re-queue failed deliveries' }),
    el('form', { class: 'filters', onsubmit: (ev) => {
      ev.preventDefault();
      act(recover, async () => {
        const r = await api(path(id) + '/recover', { method: 'POST', body: { since: new Date(since.value).toISOString() } });
        say(r.recovered + ' failed or expired deliveries since ' + r.since + ' queued again.');
        await refresh();
      });
    } },
    el('div', {}, el('label', { for: 'webhook-recover-since', text: 'Events since (your local time, at most 14 days back)' }), since),
    recover)));

  view.append(log, detail);

  // the delivery log, newest first, paged with the cursor in the hash
  const after = params.get('starting_after');
  let timer = null;
  let shownLog = null;
  let shownDetail = null;
  let delay = POLL_MS;
  const schedule = (pending) => {
    clearTimeout(timer);
    if (!pending) return;
    timer = setTimeout(() => {
      if (!stillShown()) return;
      delay = Math.min(delay * 1.5, POLL_MAX_MS);
      load().catch(fail);
    }, delay);
  };
  const renderLog = async () => {
    const query = new URLSearchParams({ limit: '20' });
    if (after) query.set('starting_after', after);
    const page = await api(path(id) + '/deliveries?' + query);
    const pending = page.data.some((d) => d.status === 'PENDING');
    // a re-read that changed nothing leaves the table (and the focus in it) alone
    const seen = JSON.stringify(page);
    if (!stillShown() || seen === shownLog) return pending;
    shownLog = seen;
    const refreshButton = el('button', { type: 'button', id: 'deliveries-refresh', text: 'Refresh',
      onclick: () => act(refreshButton, refresh) });
    clear(log).append(el('h3', { id: 'webhook-log-title', text: 'Delivery log' }), el('p', {}, refreshButton));
    if (!page.data.length) {
      log.append(el('p', { id: 'deliveries-empty', text: after ? 'No older deliveries.' : 'No deliveries yet.' }));
    } else {
      log.append(el('div', { class: 'table-scroll' }, el('table', { id: 'webhook-deliveries' },
        el('thead', {}, el('tr', {}, ...['Event', 'Status', 'Attempts', 'Last answer', 'Next retry', 'Created', 'Last attempt', 'Action']
          .map((h, i) => el('th', { scope: 'col', class: PHONE_HIDDEN.has(i) ? 'optional' : null, text: h })))),
        el('tbody', {}, ...page.data.map((d) => deliveryRow(id, after, d, redeliver))))));
    }
    const nav = pager('#/webhooks/' + encodeURIComponent(id), new URLSearchParams(after ? { starting_after: after } : {}),
      page, 'deliveries-next');
    if (nav.childNodes.length) log.append(nav);
    return pending;
  };

  const redeliver = async (button, deliveryId) => act(button, async () => {
    await api(path(id) + '/deliveries/' + encodeURIComponent(deliveryId) + '/retry', { method: 'POST' });
    say('Redelivery ' + deliveryId + ' queued.');
    await refresh();
  });

  // the open delivery (?delivery=<id>), shown below the log
  const open = params.get('delivery');
  const renderDetail = async () => {
    if (!open) { clear(detail); return false; }
    const d = await api(path(id) + '/deliveries/' + encodeURIComponent(open));
    const seen = JSON.stringify(d);
    if (!stillShown() || seen === shownDetail) return d.status === 'PENDING';
    shownDetail = seen;
    const again = el('button', { type: 'button', id: 'delivery-redeliver', text: 'Redeliver',
      onclick: () => redeliver(again, d.id) });
    clear(detail).append(el('h3', { id: 'delivery-title' }, 'Delivery ', el('span', { class: 'mono', text: d.id })),
      el('dl', {},
        el('dt', { text: 'Event' }), el('dd', { text: d.event_type }),
        el('dt', { text: 'Event id' }), el('dd', { class: 'mono', text: d.event_id }),
        el('dt', { text: 'Execution' }), el('dd', {}, d.execution_id
          ? el('a', { href: '#/executions/' + encodeURIComponent(d.execution_id), class: 'mono', text: d.execution_id }) : '—'),
        el('dt', { text: 'Status' }), el('dd', { id: 'delivery-status', class: 'status delivery-' + d.status.toLowerCase(), text: d.status }),
        el('dt', { text: 'Attempts' }), el('dd', { text: d.attempts }),
        el('dt', { text: 'Next retry' }), el('dd', { text: dash(d.next_attempt_at) }),
        el('dt', { text: 'Created' }), el('dd', { text: d.created_at }),
        el('dt', { text: 'Expires' }), el('dd', { text: d.expires_at }),
        el('dt', { text: 'Completed' }), el('dd', { text: dash(d.completed_at) })),
      el('p', {}, again));
    if (!d.attempt_log.length) {
      detail.append(el('p', { text: 'Not attempted yet.' }));
    } else {
      detail.append(el('div', { class: 'table-scroll' }, el('table', { id: 'delivery-attempts' },
        el('caption', { text: 'Attempts' }),
        el('thead', {}, el('tr', {}, ...['#', 'Status', 'Latency', 'Error or response body', 'At'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...d.attempt_log.map((a) => el('tr', {},
          el('td', { text: a.attempt }),
          el('td', { class: 'status ' + answerClass(a.response_code), text: a.response_code ?? 'no answer' }),
          el('td', { text: a.latency_ms + ' ms' }),
          el('td', { class: 'mono', text: dash(a.error) }),
          el('td', { text: a.attempted_at })))))));
    }
    return d.status === 'PENDING';
  };

  async function load() {
    const [logPending, detailPending] = await Promise.all([renderLog(), renderDetail()]);
    schedule(logPending || detailPending);
  }
  async function refresh() { // after an action: read now, then poll from the shortest delay
    delay = POLL_MS;
    await load();
  }
  await refresh();
  if (open) detail.scrollIntoView();
}

function answerClass(code) {
  if (code === null || code === undefined) return 'answer-none';
  return code >= 200 && code < 300 ? 'answer-ok' : 'answer-bad';
}

// The log's columns a phone-sized window leaves out (attempts, next retry, times; the detail has them).
const PHONE_HIDDEN = new Set([2, 4, 5, 6]);

function deliveryRow(endpointId, after, d, redeliver) {
  const query = new URLSearchParams({ delivery: d.id });
  if (after) query.set('starting_after', after); // the detail keeps the page of the log
  const href = '#/webhooks/' + encodeURIComponent(endpointId) + '?' + query;
  const button = el('button', { type: 'button', class: 'redeliver', text: 'Redeliver',
    'aria-label': 'Redeliver ' + d.event_type + ' ' + d.id, onclick: () => redeliver(button, d.id) });
  const answer = [d.last_response_code === null ? null : 'HTTP ' + d.last_response_code, d.last_error]
    .filter((x) => x !== null && x !== undefined).join(' · ');
  return el('tr', { 'data-id': d.id },
    el('td', {}, el('a', { href, text: d.event_type })),
    el('td', { class: 'status delivery-' + d.status.toLowerCase(), text: d.status }),
    el('td', { class: 'attempts optional', text: d.attempts }),
    el('td', { class: 'answer mono', text: answer || (d.attempts ? '—' : 'not attempted yet') }),
    el('td', { class: 'optional', text: dash(d.next_attempt_at) }),
    el('td', { class: 'optional', text: d.created_at }),
    el('td', { class: 'optional', text: dash(d.last_attempt_at) }),
    el('td', {}, button));
}
