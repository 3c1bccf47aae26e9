// Tenant page: API keys — list, create, rotate, revoke. A new secret is shown once, in the page
// only: it is never put in storage or in a variable that outlives the page, and navigating away
// (the shell clears the view) drops it.
import { api, getSession, ApiError } from './api.js';
import { el, clear } from './dom.js';

const PERMISSIONS = ['FULL', 'EXECUTION_ONLY'];

// Shows a secret with a copy button in `box`, replacing whatever was there.
function showSecret(box, title, secret, note) {
  clear(box);
  box.hidden = false;
  const code = el('code', { id: 'new-secret', class: 'mono secret', text: secret });
  const copied = el('span', { id: 'new-secret-copied', role: 'status' });
  box.append(el('h3', { text: title }),
    el('p', { text: 'Copy it now: it is shown once and cannot be read again.' + (note ? ' ' + note : '') }),
    el('p', {}, code),
    el('p', {},
      el('button', { type: 'button', id: 'new-secret-copy', text: 'Copy', onclick: async () => {
        try {
          await navigator.clipboard.writeText(code.textContent);
          copied.textContent = 'Copied.';
        } catch (e) {
          // no clipboard permission (or not a secure context): select it for a manual copy
          const range = document.createRange();
          range.selectNodeContents(code);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
        }
      } }), ' ',
      el('button', { type: 'button', id: 'new-secret-done', text: 'Done, hide it', onclick: () => { clear(box); box.hidden = true; } }),
      ' ', copied));
  box.querySelector('#new-secret-copy').focus();
}

// A 401 means this session's key stopped working: let the shell's route() show the sign-in.
function handle(e, problem) {
  if (e instanceof ApiError && e.status === 401) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    return;
  }
  problem.textContent = e.message;
}

export async function keysView(view) {
  const session = getSession();
  const secretBox = el('section', { id: 'secret-box', class: 'secret-box', hidden: true, 'aria-live': 'polite' });
  const message = el('p', { id: 'keys-message', role: 'status', tabindex: '-1' });
  const problem = el('p', { id: 'keys-error', class: 'error', role: 'alert' });
  const tbody = el('tbody', {});

  const label = el('input', { id: 'key-label', name: 'label', maxlength: '200', placeholder: 'e.g. ci' });
  const permission = el('select', { id: 'key-permission', name: 'permission' },
    ...PERMISSIONS.map((p) => el('option', { value: p, text: p })));
  const create = el('button', { type: 'submit', id: 'key-create', text: 'Create key' });
  const form = el('form', { class: 'filters', id: 'key-form', onsubmit: async (ev) => {
    ev.preventDefault();
    create.disabled = true;
    problem.textContent = '';
    try {
      const body = { permission: permission.value };
      if (label.value.trim()) body.label = label.value.trim();
      const k = await api('/v1/api-keys', { method: 'POST', body });
      label.value = '';
      showSecret(secretBox, 'New key ' + k.id, k.key);
      message.textContent = 'Created ' + k.id + '.';
      await refresh();
    } catch (e) {
      handle(e, problem);
    } finally {
      create.disabled = false;
    }
  } },
  el('div', {}, el('label', { for: 'key-label', text: 'Name' }), label),
  el('div', {}, el('label', { for: 'key-permission', text: 'Permission' }), permission),
  create);

  view.append(el('h2', { text: 'API keys' }),
    el('p', { class: 'hint', text: 'FULL keys may do everything; EXECUTION_ONLY keys may run executions and use files only.' }),
    form, secretBox, message, problem,
    el('div', { class: 'table-scroll' }, el('table', { id: 'keys' },
      el('thead', {}, el('tr', {}, ...['Id', 'Name', 'Permission', 'Prefix', 'Created', 'Last used', 'Actions'].map((h, i) =>
        el('th', { scope: 'col', class: i === 3 || i === 4 || i === 5 ? 'optional' : null, text: h })))),
      tbody)));

  function row(k) {
    const own = k.id === session?.key_id;
    const actions = el('td', { class: 'actions' });
    const tr = el('tr', { 'data-id': k.id },
      el('td', { class: 'mono' }, k.id, own ? el('span', { class: 'badge', text: ' this session' }) : null),
      el('td', { text: k.label ?? '—' }),
      el('td', { text: k.permission }),
      el('td', { class: 'mono optional', text: k.prefix }),
      el('td', { class: 'optional', text: k.created_at }),
      el('td', { class: 'optional', text: k.last_used_at ?? 'never' }),
      actions);

    const normal = () => {
      clear(actions);
      actions.append(
        el('button', { type: 'button', class: 'key-rotate', 'aria-label': 'Rotate ' + k.id, text: 'Rotate', onclick: () => ask('rotate') }), ' ',
        el('button', { type: 'button', class: 'key-revoke', 'aria-label': 'Revoke ' + k.id, text: 'Revoke', onclick: () => ask('revoke') }));
    };

    // the confirm step says what happens to apps using the key, and to this session when it is its key
    function ask(what) {
      clear(actions);
      const text = what === 'rotate'
        ? 'Rotate ' + k.id + '? It gets a new secret; the old one keeps working for one hour, then stops.'
          + (own ? ' This console session was opened with this key: it ends when the old secret stops working — sign in again with the new one.' : '')
        : 'Revoke ' + k.id + '? Everything using it gets 401 from now on.'
          + (own ? ' This console session was opened with this key: revoking it ends the session and signs you out.' : '');
      const keep = el('button', { type: 'button', class: 'key-cancel', text: 'Cancel', onclick: () => {
        normal();
        actions.querySelector(what === 'rotate' ? '.key-rotate' : '.key-revoke').focus();
      } });
      const yes = el('button', { type: 'button', class: 'key-confirm danger', text: what === 'rotate' ? 'Rotate key' : 'Revoke key', onclick: async () => {
        yes.disabled = true;
        problem.textContent = '';
        try {
          if (what === 'rotate') {
            const r = await api('/v1/api-keys/' + encodeURIComponent(k.id) + '/rotate', { method: 'POST' });
            showSecret(secretBox, 'New secret of ' + r.id, r.new_key,
              'The old secret works until ' + r.previous_key_valid_until + '.'
              + (own ? ' This session ends then: sign in again with the new secret.' : ''));
            message.textContent = 'Rotated ' + k.id + '.';
            await refresh();
          } else {
            await api('/v1/api-keys/' + encodeURIComponent(k.id), { method: 'DELETE' });
            if (own) {
              // the session's key is gone: the next call is a 401, which shows the sign-in
              window.dispatchEvent(new HashChangeEvent('hashchange'));
              return;
            }
            message.textContent = 'Revoked ' + k.id + '.';
            await refresh();
            message.focus(); // the row is gone: keep the keyboard user's place
          }
        } catch (e) {
          handle(e, problem);
          normal();
        }
      } });
      actions.append(el('span', { class: 'confirm', role: 'alert', text: text + ' ' }), yes, ' ', keep);
      keep.focus();
    }
    normal();
    return tr;
  }

  async function refresh() {
    const list = await api('/v1/api-keys');
    tbody.replaceChildren(...list.data.map(row));
  }

  await refresh();
}
