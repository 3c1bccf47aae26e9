// The console's shell: session check, sign-in, sign-out and the hash routes.
import { api, setCsrf, ApiError } from './api.js';
import { el, clear } from './dom.js';
import { executionsView, executionView } from './executions.js';
import { closeAll } from './live.js';
import { organizationsView } from './operator.js';

const $ = (id) => document.getElementById(id);
let session = null;

function showSignIn(message) {
  closeAll();
  session = null;
  setCsrf(null);
  $('nav').hidden = true;
  $('view').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('credential').focus();
}

function showApp(s) {
  session = s;
  setCsrf(s.csrf_token);
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').textContent = s.kind === 'operator' ? 'operator' : `${s.organization_id} · ${s.permission}`;
  $('view').hidden = false;
  route();
}

async function route() {
  closeAll();
  if (!session) return;
  const view = clear($('view'));
  const hash = location.hash || '#/executions';
  try {
    const m = hash.match(/^#\/executions\/([^/?]+)$/);
    if (session.kind === 'operator') {
      await organizationsView(view);
    } else if (m) {
      await executionView(view, decodeURIComponent(m[1]));
    } else {
      await executionsView(view, new URLSearchParams(hash.split('?')[1] ?? ''));
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      showSignIn('Your session ended: sign in again.');
      return;
    }
    view.append(el('p', { class: 'error', role: 'alert', text: e.message }));
  }
}

$('sign-in-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = $('credential');
  try {
    const s = await api('/console/session', { method: 'POST', body: { credential: input.value } });
    input.value = '';
    showApp(s);
  } catch (e) {
    $('sign-in-error').textContent = e.message;
  }
});

$('sign-out').addEventListener('click', async () => {
  try {
    await api('/console/session', { method: 'DELETE' });
  } catch (e) {
    // the session may be gone already; signing out again is fine
  }
  location.hash = '';
  showSignIn('Signed out.');
});

window.addEventListener('hashchange', route);

api('/console/session').then(showApp, () => showSignIn());
