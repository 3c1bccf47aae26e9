// The console's shell: session check, sign-in, sign-out and the hash routes.
import { api, setSession, ApiError } from './api.js';
import { el, clear } from './dom.js';
import { executionsView, executionView } from './executions.js';
import { closeAll } from './live.js';
import { playgroundView } from './playground.js';
import { filesView } from './files.js';
import { webhooksView, webhookView } from './webhooks.js';
import { balanceView } from './balance.js';
import { keysView } from './keys.js';
import { organizationsView, organizationView, executionTrailView, providersView, clusterView } from './operator.js';

const $ = (id) => document.getElementById(id);
let session = null;

// The pages, by session kind: `match` is tried against location.hash in order and its groups (URI-decoded)
// are passed to `view(container, ...groups, params)`; entries with `nav` appear in the navigation.
// `full: true` pages need a FULL key (an EXECUTION_ONLY key may use executions and files only).
const TENANT = [
  { match: /^#\/executions\/([^/?]+)$/, view: executionView },
  { match: /^#\/executions(?:\?.*)?$/, view: executionsView, nav: 'Executions', href: '#/executions' },
  { match: /^#\/playground(?:\/([^/?]+))?(?:\?.*)?$/, view: playgroundView, nav: 'Playground', href: '#/playground' },
  { match: /^#\/files(?:\?.*)?$/, view: filesView, nav: 'Files', href: '#/files' },
  { match: /^#\/webhooks\/([^/?]+)(?:\?.*)?$/, view: webhookView, full: true },
  { match: /^#\/webhooks(?:\?.*)?$/, view: webhooksView, nav: 'Webhooks', href: '#/webhooks', full: true },
  { match: /^#\/balance(?:\?.*)?$/, view: balanceView, nav: 'Balance', href: '#/balance', full: true },
  { match: /^#\/keys(?:\?.*)?$/, view: keysView, nav: 'API keys', href: '#/keys', full: true },
];
const OPERATOR = [
  { match: /^#\/organizations\/([^/?]+)$/, view: organizationView },
  { match: /^#\/organizations(?:\?.*)?$/, view: organizationsView, nav: 'Organizations', href: '#/organizations' },
  { match: /^#\/trail(?:\/([^/?]+))?(?:\?.*)?$/, view: executionTrailView, nav: 'Execution trail', href: '#/trail' },
  { match: /^#\/providers(?:\?.*)?$/, view: providersView, nav: 'Providers', href: '#/providers' },
  { match: /^#\/cluster(?:\?.*)?$/, view: clusterView, nav: 'Queue and nodes', href: '#/cluster' },
];

function pages() {
  if (session.kind === 'operator') return OPERATOR;
  return TENANT.filter((p) => !p.full || session.permission === 'FULL');
}

function renderNav() {
  const links = clear($('nav-links'));
  for (const p of pages().filter((p) => p.nav)) {
    links.append(el('li', {}, el('a', { href: p.href, 'data-nav': p.href.slice(2), text: p.nav })));
  }
}

function markCurrent(hash) {
  for (const a of $('nav-links').querySelectorAll('a')) {
    if (hash === a.getAttribute('href') || hash.startsWith(a.getAttribute('href') + '/')
        || hash.startsWith(a.getAttribute('href') + '?')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function showSignIn(message) {
  closeAll();
  session = null;
  setSession(null);
  $('nav').hidden = true;
  $('view').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('credential').focus();
}

function showApp(s) {
  session = s;
  setSession(s);
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').textContent = s.kind === 'operator' ? 'operator' : `${s.organization_id} · ${s.permission}`;
  renderNav();
  $('view').hidden = false;
  route();
}

async function route() {
  closeAll();
  if (!session) return;
  const view = clear($('view'));
  const list = pages();
  const hash = location.hash || list.find((p) => p.nav).href;
  markCurrent(hash);
  const page = list.find((p) => p.match.test(hash));
  try {
    if (!page) {
      view.append(el('p', { class: 'error', role: 'alert', text: 'No such page.' }));
      return;
    }
    const groups = hash.match(page.match).slice(1).map((g) => (g === undefined ? undefined : decodeURIComponent(g)));
    await page.view(view, ...groups, new URLSearchParams(hash.split('?')[1] ?? ''));
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
