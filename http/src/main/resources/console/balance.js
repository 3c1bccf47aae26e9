// Tenant page: balance and ledger (being built).
import { el } from './dom.js';

export async function balanceView(view) {
  view.append(el('h2', { text: 'Balance' }), el('p', { text: 'Not built yet.' }));
}
