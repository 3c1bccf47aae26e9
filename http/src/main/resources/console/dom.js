// Builds elements; every string becomes a text node (textContent), never HTML.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// The cursor links under a list page: "← Newest" when past the first page, "Older →" when there is
// more. `base` is the page's hash (e.g. '#/files'); the other parameters (filters) are kept.
export function pager(base, params, page, nextId) {
  const nav = el('p', { class: 'pager' });
  const first = new URLSearchParams(params);
  first.delete('starting_after');
  const href = (q) => (q.toString() ? base + '?' + q : base);
  if (params.get('starting_after')) nav.append(el('a', { href: href(first), text: '← Newest' }), ' ');
  if (page.has_more) {
    const next = new URLSearchParams(params);
    next.set('starting_after', page.next_cursor);
    nav.append(el('a', { id: nextId, href: href(next), text: 'Older →' }));
  }
  return nav;
}
