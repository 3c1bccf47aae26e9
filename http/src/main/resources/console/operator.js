// Operator pages (the admin token's session): organizations (create, credit, retention), any
// execution's attempt trail, provider health, and the queue, nodes and ledger check.
import { api, ApiError } from './api.js';
import { el, clear } from './dom.js';

const MONEY = '^\\d+(\\.\\d{1,6})?$'; // what the admin API takes: "25", "25.00", "0.000001"

// An alert under a form: the API's message (plus the field it names), or nothing.
function alertBox(id) {
  return el('p', { id, class: 'error', role: 'alert' });
}

function showError(box, e) {
  box.textContent = e.message;
}

// A table in a box that scrolls sideways on narrow screens.
function table(id, headers, rows, caption) {
  return el('div', { class: 'scroll' }, el('table', { id },
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows)));
}

function field(id, label, attrs = {}, hint) {
  return el('div', {},
    el('label', { for: id, text: label }),
    el('input', { id, name: id, ...attrs, 'aria-describedby': hint ? id + '-hint' : null }),
    hint ? el('span', { id: id + '-hint', class: 'hint', text: hint }) : null);
}

function retentionText(days) {
  return days == null ? 'keep until deleted' : `${days} day${days === 1 ? '' : 's'}`;
}

// ---- organizations ----

export async function organizationsView(view) {
  const error = alertBox('create-org-error');
  const created = el('section', { id: 'org-created', class: 'notice', hidden: true, tabindex: '-1', 'aria-labelledby': 'org-created-title' });
  const form = el('form', { id: 'create-org', class: 'filters', onsubmit: async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const name = form.querySelector('#org-name').value.trim();
    const credit = form.querySelector('#org-credit').value.trim();
    const body = { name };
    if (credit) body.credit = credit;
    try {
      const o = await api('/admin/v1/organizations', { method: 'POST', body });
      form.reset();
      showCreated(created, o);
      await fillOrganizations(list);
    } catch (e) {
      showError(error, e);
    }
  } },
  field('org-name', 'Name', { required: true, autocomplete: 'off' }),
  field('org-credit', 'Opening credit (USD)', { inputmode: 'decimal', pattern: MONEY, placeholder: '25.00' }),
  el('button', { type: 'submit', text: 'Create organization' }));
  const list = el('tbody');
  view.append(el('h2', { text: 'Organizations' }),
    el('h3', { text: 'New organization' }), form, error, created,
    el('h3', { text: 'All organizations' }),
    el('table', { id: 'organizations' },
      el('thead', {}, el('tr', {}, ...['Id', 'Name', 'File retention', 'Created'].map((h, i) =>
        el('th', { scope: 'col', class: i === 3 ? 'optional' : null, text: h })))),
      list));
  await fillOrganizations(list);
}

async function fillOrganizations(tbody) {
  const page = await api('/admin/v1/organizations');
  clear(tbody).append(...page.data.map((o) => el('tr', { 'data-id': o.id },
    el('td', { class: 'mono' }, el('a', { href: '#/organizations/' + encodeURIComponent(o.id), text: o.id })),
    el('td', { text: o.name }),
    el('td', { text: retentionText(o.file_ttl_days) }),
    el('td', { class: 'optional', text: o.created_at }))));
}

// The first key of a new organization: on the page only, shown this once (never in the URL or storage).
function showCreated(box, o) {
  clear(box).append(
    el('h3', { id: 'org-created-title', text: `Created ${o.name}` }),
    el('p', {}, 'Its FULL API key is shown only now; copy it and hand it over safely:'),
    el('p', {}, el('code', { id: 'new-org-key', class: 'mono secret', text: o.api_key })),
    el('p', {}, el('a', { id: 'new-org-link', href: '#/organizations/' + encodeURIComponent(o.id), text: `Open ${o.id}` }),
      ` (key ${o.api_key_id})`));
  box.hidden = false;
  box.focus(); // a screen reader reads the notice with the key; the keyboard continues from there
}

export async function organizationView(view, id) {
  const o = await api('/admin/v1/organizations/' + encodeURIComponent(id));
  const balance = el('dl', { id: 'org-balance' });
  const retention = el('dd', { id: 'org-retention', text: retentionText(o.file_ttl_days) });
  const showBalance = (b) => clear(balance).append(
    el('dt', { text: 'Balance' }), el('dd', { id: 'org-balance-total', text: `${b.balance} ${b.currency}` }),
    el('dt', { text: 'Held' }), el('dd', { id: 'org-balance-held', text: b.held }),
    el('dt', { text: 'Available' }), el('dd', { id: 'org-balance-available', text: b.available }));
  showBalance(o.balance);

  const creditError = alertBox('credit-error');
  const creditDone = el('p', { id: 'credit-done', role: 'status' });
  const credit = el('form', { id: 'credit-form', class: 'filters', onsubmit: async (ev) => {
    ev.preventDefault();
    creditError.textContent = '';
    creditDone.textContent = '';
    const amount = credit.querySelector('#credit-amount').value.trim();
    const description = credit.querySelector('#credit-description').value.trim();
    const body = { amount };
    if (description) body.description = description;
    try {
      const b = await api('/admin/v1/organizations/' + encodeURIComponent(id) + '/credit', { method: 'POST', body });
      showBalance(b);
      credit.reset();
      creditDone.textContent = `Credited ${amount}; the balance is ${b.balance} ${b.currency}.`;
    } catch (e) {
      showError(creditError, e);
    }
  } },
  field('credit-amount', 'Amount (USD)', { required: true, inputmode: 'decimal', pattern: MONEY, placeholder: '10.00' },
    'Exact: up to 6 decimals.'),
  field('credit-description', 'Note for the ledger (optional)', { autocomplete: 'off' }),
  el('button', { type: 'submit', text: 'Credit' }));

  const retentionError = alertBox('retention-error');
  const retentionDone = el('p', { id: 'retention-done', role: 'status' });
  const days = el('input', { id: 'retention-days', name: 'retention-days', type: 'number', min: 1, max: 365, step: 1,
    value: o.file_ttl_days ?? 30, disabled: o.file_ttl_days == null, 'aria-describedby': 'retention-days-hint' });
  const keep = el('input', { id: 'retention-keep', type: 'radio', name: 'retention', value: 'keep', checked: o.file_ttl_days == null,
    onchange: () => { days.disabled = true; } });
  const expire = el('input', { id: 'retention-expire', type: 'radio', name: 'retention', value: 'days', checked: o.file_ttl_days != null,
    onchange: () => { days.disabled = false; days.focus(); } });
  const retentionForm = el('form', { id: 'retention-form', onsubmit: async (ev) => {
    ev.preventDefault();
    retentionError.textContent = '';
    retentionDone.textContent = '';
    const value = keep.checked ? null : Number(days.value);
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= 365)) {
      retentionError.textContent = 'Retention must be a whole number of days from 1 to 365.';
      return;
    }
    try {
      const u = await api('/admin/v1/organizations/' + encodeURIComponent(id), { method: 'PATCH', body: { file_ttl_days: value } });
      retention.textContent = retentionText(u.file_ttl_days);
      retentionDone.textContent = `File retention is now: ${retentionText(u.file_ttl_days)}.`;
    } catch (e) {
      showError(retentionError, e);
    }
  } },
  el('fieldset', {},
    el('legend', { text: 'Default retention of new files' }),
    el('div', { class: 'choice' }, keep, el('label', { for: 'retention-keep', text: 'Keep files until deleted' })),
    el('div', { class: 'choice' }, expire, el('label', { for: 'retention-expire', text: 'Delete files after' })),
    el('div', {}, el('label', { for: 'retention-days', text: 'Days (1–365)' }), days,
      el('span', { id: 'retention-days-hint', class: 'hint', text: ' Applies to files stored from now on (outputs, and uploads that set no retention of their own).' }))),
  el('button', { type: 'submit', text: 'Save retention' }));

  view.append(el('p', {}, el('a', { href: '#/organizations', text: '← Organizations' })),
    el('h2', {}, o.name, ' ', el('span', { class: 'mono muted', text: o.id })),
    el('dl', {},
      el('dt', { text: 'Id' }), el('dd', { class: 'mono', text: o.id }),
      el('dt', { text: 'Name' }), el('dd', { text: o.name }),
      el('dt', { text: 'Created' }), el('dd', { text: o.created_at }),
      el('dt', { text: 'File retention' }), retention),
    el('h3', { text: 'Balance' }), balance,
    el('h3', { text: 'Credit' }), credit, creditError, creditDone,
    el('h3', { text: 'File retention' }), retentionForm, retentionError, retentionDone);
}

// ---- execution trail ----

export async function executionTrailView(view, id) {
  const input = el('input', { id: 'trail-id', name: 'trail-id', value: id ?? '', required: true, autocomplete: 'off',
    placeholder: 'exec_…', class: 'mono wide' });
  const form = el('form', { id: 'trail-form', class: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    if (v) location.hash = '#/trail/' + encodeURIComponent(v);
  } },
  el('div', {}, el('label', { for: 'trail-id', text: 'Execution id' }), input),
  el('button', { type: 'submit', text: 'Look up' }));
  view.append(el('h2', { text: 'Execution trail' }), form);
  if (!id) {
    view.append(el('p', { class: 'hint', text: 'Any organization\'s execution: its route, provider and every attempt.' }));
    input.focus();
    return;
  }
  let x;
  try {
    x = await api('/admin/v1/executions/' + encodeURIComponent(id));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    view.append(el('p', { id: 'trail-error', class: 'error', role: 'alert',
      text: e instanceof ApiError && e.status === 404 ? `No execution ${id}.` : e.message }));
    return;
  }
  view.append(el('h3', { class: 'mono', text: x.id }),
    el('dl', { id: 'trail-summary' },
      el('dt', { text: 'Status' }), el('dd', { id: 'trail-status', class: 'status status-' + x.status.toLowerCase(), text: x.status }),
      el('dt', { text: 'Organization' }), el('dd', { class: 'mono' },
        el('a', { id: 'trail-org', href: '#/organizations/' + encodeURIComponent(x.organization_id), text: x.organization_id })),
      el('dt', { text: 'Model' }), el('dd', { id: 'trail-model', text: x.model }),
      el('dt', { text: 'Mode' }), el('dd', { text: x.mode }),
      el('dt', { text: 'Provider' }), el('dd', { text: x.provider ?? '—' }),
      el('dt', { text: 'Route' }), el('dd', { text: x.route_index == null ? '—' : `#${x.route_index}` }),
      el('dt', { text: 'Provider job' }), el('dd', { class: 'mono', text: x.provider_job_id ?? '—' }),
      el('dt', { text: 'Attempts' }), el('dd', { text: x.attempts }),
      el('dt', { text: 'Hold / cost' }), el('dd', { text: `${x.hold_amount} / ${x.cost ?? '—'}` }),
      el('dt', { text: 'Created' }), el('dd', { text: x.created_at }),
      el('dt', { text: 'Started' }), el('dd', { text: x.started_at ?? '—' }),
      el('dt', { text: 'Completed' }), el('dd', { text: x.completed_at ?? '—' }),
      x.error ? el('dt', { text: 'Error' }) : null,
      x.error ? el('dd', { class: 'error', text: `${x.error.code}: ${x.error.message}` }) : null),
    el('h3', { text: 'Attempts' }));
  if (x.attempt_trail.length === 0) {
    view.append(el('p', { id: 'trail-empty', text: 'No provider attempt yet.' }));
    return;
  }
  view.append(table('trail',
    ['#', 'Provider', 'Provider model', 'Node', 'Started', 'Ended', 'Outcome', 'Error code', 'Error'],
    x.attempt_trail.map((a) => el('tr', {},
      el('td', { text: a.attempt }),
      el('td', { text: a.provider }),
      el('td', { class: 'mono', text: a.provider_model ?? '—' }),
      el('td', { class: 'mono', text: a.node_id ?? '—' }),
      el('td', { text: a.started_at }),
      el('td', { text: a.ended_at ?? 'running' }),
      el('td', { class: 'outcome', text: a.outcome ?? 'running' }),
      el('td', { class: 'mono', text: a.error_code ?? '' }),
      el('td', { text: a.error_message ?? '' }))),
    'Every provider attempt, oldest first'));
}

// ---- provider health ----

function circuit(state) {
  return el('span', { class: 'circuit circuit-' + state.toLowerCase().replace('_', '-'), text: state });
}

export async function providersView(view) {
  const answer = await api('/admin/v1/providers');
  view.append(el('h2', { text: 'Providers' }),
    el('p', { class: 'hint' }, 'As node ', el('span', { class: 'mono', text: answer.node_id }),
      ` sees them: breakers and bulkheads are per node; recent errors are its last ${answer.recent_errors_kept} failed attempts per provider.`),
    el('p', {}, el('button', { type: 'button', id: 'providers-refresh', onclick: () => refresh(view, providersView), text: 'Refresh' })),
    table('providers', ['Provider', 'Circuit', 'In flight / limit', 'Cluster limit', 'Recent errors'],
      answer.data.map((p) => el('tr', { 'data-provider': p.provider },
        el('th', { scope: 'row', text: p.provider }),
        el('td', { class: 'circuit-cell' }, circuit(p.circuit_state)),
        el('td', { class: 'in-flight', text: `${p.in_flight} / ${p.max_concurrent ?? 'unbounded'}` }),
        el('td', { text: p.shared_limit ?? '—' }),
        el('td', { class: 'error-counts', text: Object.entries(p.error_counts).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none' })))));
  for (const p of answer.data) {
    const section = el('section', { class: 'provider', 'data-provider': p.provider, 'aria-labelledby': 'provider-' + p.provider },
      el('h3', { id: 'provider-' + p.provider, text: p.provider }));
    section.append(p.circuits.length === 0
      ? el('p', { class: 'hint', text: 'No model of it called on this node yet: every circuit closed.' })
      : table('circuits-' + p.provider, ['Provider model', 'Circuit'], p.circuits.map((c) => el('tr', { 'data-model': c.provider_model },
        el('td', { class: 'mono', text: c.provider_model }), el('td', {}, circuit(c.state)))), 'Circuit per provider model'));
    if (p.recent_errors.length > 0) {
      section.append(table('errors-' + p.provider, ['When', 'Provider model', 'Code', 'Counts against the breaker'],
        p.recent_errors.map((f) => el('tr', {},
          el('td', { text: f.at }), el('td', { class: 'mono', text: f.provider_model }),
          el('td', { class: 'mono', text: f.code }), el('td', { text: f.retryable ? 'yes' : 'no' }))),
        'Recent failed attempts, newest first'));
    }
    view.append(section);
  }
}

async function refresh(view, page) {
  const button = view.querySelector('button[id$=-refresh]');
  if (button) button.disabled = true;
  const fresh = document.createElement('div');
  try {
    await page(fresh);
    clear(view).append(...fresh.childNodes);
  } catch (e) {
    if (button) button.disabled = false;
    view.append(el('p', { class: 'error', role: 'alert', text: e.message }));
  }
}

// ---- queue, nodes and the ledger check ----

export async function clusterView(view) {
  const [queue, nodes, ledger] = await Promise.all([
    api('/admin/v1/queue'), api('/admin/v1/nodes'), api('/admin/v1/ledger/check')]);
  view.append(el('h2', { text: 'Queue and nodes' }),
    el('p', {}, el('button', { type: 'button', id: 'cluster-refresh', onclick: () => refresh(view, clusterView), text: 'Refresh' })));

  const ok = ledger.ok;
  view.append(el('section', { id: 'ledger-check', class: ok ? 'check check-ok' : 'check check-bad', role: 'status' },
    el('h3', { text: 'Ledger check' }),
    el('p', { id: 'ledger-check-result', class: 'check-result',
      text: ok ? '✓ OK: every balance equals the sum of its ledger.'
        : `✗ NOT OK: ${ledger.violating_organizations.length} organization(s) whose balance differs from its ledger.` }),
    ok ? null : el('ul', { id: 'ledger-violations' }, ...ledger.violating_organizations.map((id) =>
      el('li', {}, el('a', { class: 'mono', href: '#/organizations/' + encodeURIComponent(id), text: id }))))));

  view.append(el('h3', { text: 'Queue' }),
    el('dl', { id: 'queue-totals' },
      el('dt', { text: 'Pending' }), el('dd', { id: 'queue-pending', text: queue.pending }),
      el('dt', { text: 'Processing' }), el('dd', { id: 'queue-processing', text: queue.processing }),
      el('dt', { text: 'Awaiting webhook' }), el('dd', { id: 'queue-awaiting', text: queue.awaiting_webhook }),
      el('dt', { text: 'Unfinished' }), el('dd', { id: 'queue-total', text: queue.total }),
      el('dt', { text: 'Waiting for a worker' }), el('dd', { id: 'queue-due', text: queue.due_now })),
    queue.by_model.length === 0 ? el('p', { id: 'queue-empty', text: 'Nothing unfinished.' })
      : table('queue', ['Model', 'Pending', 'Processing', 'Awaiting webhook', 'Total'],
        queue.by_model.map((m) => el('tr', { 'data-model': m.model },
          el('th', { scope: 'row', text: m.model }), el('td', { text: m.pending }), el('td', { text: m.processing }),
          el('td', { text: m.awaiting_webhook }), el('td', { text: m.total }))), 'Unfinished executions by model'));

  view.append(el('h3', { text: 'Nodes' }),
    el('p', { class: 'hint', text: `Stale after ${nodes.stale_after_seconds} s without a heartbeat; limits ${nodes.shared_limits ? 'shared by the cluster' : 'per node'}.` }),
    nodes.data.length === 0 ? el('p', { id: 'nodes-empty', text: 'No node registered (this node runs no workers).' })
      : table('nodes', ['Node', 'State', 'Last heartbeat', 'Leases', 'Workers', 'Version', 'Host / pid'],
        nodes.data.map((n) => el('tr', { 'data-node': n.node_id },
          el('th', { scope: 'row', class: 'mono', text: n.node_id }),
          el('td', { class: 'node-' + n.state.toLowerCase(), text: n.state }),
          el('td', { text: n.last_heartbeat }), el('td', { text: n.leased_executions }),
          el('td', { text: n.worker_threads }), el('td', { text: n.version ?? '—' }),
          el('td', { class: 'mono', text: `${n.host ?? '?'} / ${n.pid}` })))));
}
