// Tenant pages: webhook endpoints and their deliveries (being built).
import { el } from './dom.js';

export async function webhooksView(view) {
  view.append(el('h2', { text: 'Webhook endpoints' }), el('p', { text: 'Not built yet.' }));
}

export async function webhookView(view) {
  view.append(el('h2', { text: 'Webhook endpoint' }), el('p', { text: 'Not built yet.' }));
}
