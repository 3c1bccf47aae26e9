// Tenant page: the playground (being built).
import { el } from './dom.js';

export async function playgroundView(view) {
  view.append(el('h2', { text: 'Playground' }), el('p', { text: 'Not built yet.' }));
}
