// Tenant page: API keys (being built).
import { el } from './dom.js';

export async function keysView(view) {
  view.append(el('h2', { text: 'API keys' }), el('p', { text: 'Not built yet.' }));
}
