// Tenant page: files (being built).
import { el } from './dom.js';

export async function filesView(view) {
  view.append(el('h2', { text: 'Files' }), el('p', { text: 'Not built yet.' }));
}
