// Tenant page: the balance and the ledger. Amounts are shown exactly as the API's strings:
// money is exact, so nothing here parses an amount to a number.
import { api } from './api.js';
import { el, pager } from './dom.js';

export async function balanceView(view, params) {
  const query = new URLSearchParams({ limit: params.get('limit') ?? '20' });
  if (params.get('starting_after')) query.set('starting_after', params.get('starting_after'));
  const [b, page] = await Promise.all([api('/v1/balance'), api('/v1/balance/transactions?' + query)]);

  view.append(el('h2', { text: 'Balance' }),
    el('dl', { id: 'balance' },
      el('dt', { text: 'Available' }), el('dd', { id: 'balance-available', class: 'amount' }, b.available, ' ', b.currency),
      el('dt', { text: 'Held' }), el('dd', { id: 'balance-held', class: 'amount' }, b.held, ' ', b.currency),
      el('dt', { text: 'Balance' }), el('dd', { id: 'balance-total', class: 'amount' }, b.balance, ' ', b.currency)),
    el('p', { class: 'hint', text: 'Available = balance − held. A submitted execution holds an amount; '
      + 'its completion captures the cost and releases the rest.' }),
    el('h3', { text: 'Ledger' }));

  if (page.data.length === 0) {
    view.append(el('p', { id: 'ledger-empty', text: params.get('starting_after') ? 'No older entries.' : 'No entries yet.' }));
  } else {
    view.append(el('div', { class: 'table-scroll' }, el('table', { id: 'ledger' },
      el('caption', { class: 'hint', text: 'Newest first. A HOLD reserves part of the balance; its CAPTURE (the cost) and RELEASE (the rest) settle it.' }),
      el('thead', {}, el('tr', {}, ...['Time', 'Type', 'Amount', 'Execution', 'Description', 'Id'].map((h, i) =>
        el('th', { scope: 'col', class: i >= 4 ? 'optional' : null, text: h })))),
      el('tbody', {}, ...page.data.map((t) => el('tr', { 'data-id': t.id },
        el('td', { text: t.created_at }),
        el('td', { class: 'ledger-type', text: t.type }),
        el('td', { class: 'amount' + (String(t.amount).startsWith('-') ? ' negative' : ''), text: t.amount }),
        el('td', { class: 'mono' }, t.execution_id
          ? el('a', { href: '#/executions/' + encodeURIComponent(t.execution_id), text: t.execution_id }) : '—'),
        el('td', { class: 'optional', text: t.description ?? '' }),
        el('td', { class: 'mono optional', text: t.id })))))));
  }
  const nav = pager('#/balance', params, page, 'ledger-next-page');
  if (nav.childNodes.length) view.append(nav);
}
