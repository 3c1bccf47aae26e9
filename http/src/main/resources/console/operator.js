// Operator pages (the admin token's session): the organizations.
import { api } from './api.js';
import { el } from './dom.js';

export async function organizationsView(view) {
  view.append(el('h2', { text: 'Organizations' }));
  const page = await api('/admin/v1/organizations');
  view.append(el('table', { id: 'organizations' },
    el('thead', {}, el('tr', {}, ...['Id', 'Name', 'File retention (days)', 'Created'].map((h) =>
      el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...page.data.map((o) => el('tr', { 'data-id': o.id },
      el('td', { class: 'mono', text: o.id }),
      el('td', { text: o.name }),
      el('td', { text: o.file_ttl_days ?? 'default' }),
      el('td', { text: o.created_at }))))));
}

export async function organizationView(view) {
  view.append(el('h2', { text: 'Organization' }), el('p', { text: 'Not built yet.' }));
}

export async function executionTrailView(view) {
  view.append(el('h2', { text: 'Execution trail' }), el('p', { text: 'Not built yet.' }));
}

export async function providersView(view) {
  view.append(el('h2', { text: 'Providers' }), el('p', { text: 'Not built yet.' }));
}

export async function clusterView(view) {
  view.append(el('h2', { text: 'Queue and nodes' }), el('p', { text: 'Not built yet.' }));
}
