// NetSentinel dashboard: login, four tabs, live over the WebSocket stream. No framework, no inline script, no eval;
// alert and agent fields are always set as text.
import { api, NotLoggedIn } from './api.js';
import { $, el, clear, time, endpoint, fieldList } from './dom.js';
import { Stream } from './stream.js';
import * as charts from './charts.js';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const LEVELS = ['NORMAL', 'ELEVATED', 'MODERATE', 'HIGH', 'CRITICAL'];
const GAUGE_LENGTH = 2 * Math.PI * 80;
const FEED_PAGE = 50;
const SEVERE_MAX = 15;

const state = {
  user: null,
  tab: 'overview',
  stats: null,
  unseen: 0,
  feed: { severity: '', q: '', cursor: null, loading: false, generation: 0, ids: new Set(), done: false },
  severe: [],
  agents: new Map(),
  offlineAfter: 90,
};

let statsTimer = null;
const stream = new Stream({
  onEvent: onStreamEvent,
  onState: showConnection,
  beforeReconnect: async () => {
    try {
      await api.whoAmI();
      return true;
    } catch (e) {
      if (e instanceof NotLoggedIn) {
        showLogin('Your session has ended; please sign in again.');
        return false;
      }
      throw e;
    }
  },
});

// ---------------------------------------------------------------- login / logout

function showLogin(message) {
  stream.stop();
  state.user = null;
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('login-password').value = '';
  $('login-user').focus();
}

async function onLoginSubmit(ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  $('login-submit').disabled = true;
  try {
    const r = await api.login($('login-user').value, $('login-password').value);
    $('login-password').value = '';
    await startApp(r.user);
  } catch (e) {
    if (e.status === 401) {
      $('login-error').textContent = 'Wrong user name or password.';
    } else if (e.status === 429) {
      $('login-error').textContent = 'Too many failed attempts; retry in ' + (e.retryAfter || 'a few') + ' s.';
    } else {
      $('login-error').textContent = 'Sign-in failed: ' + e.message;
    }
  } finally {
    $('login-submit').disabled = false;
  }
}

async function logout() {
  stream.stop();
  try {
    await api.logout();
  } finally {
    showLogin('Signed out.');
  }
}

// Any API call that finds the session gone shows the login form again.
function guarded(promise) {
  return promise.catch((e) => {
    if (e instanceof NotLoggedIn) {
      showLogin('Your session has ended; please sign in again.');
      return null;
    }
    console.warn('NetSentinel:', e.message);
    return null;
  });
}

async function startApp(user) {
  state.user = user;
  state.unseen = 0;
  renderBadge();
  $('user-name').textContent = user;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  selectTab('overview');
  stream.start();
  await refreshAll();
  document.body.dataset.ready = 'true';
}

function refreshAll() {
  return Promise.all([refreshStats(), loadAgents(), resetFeed(), loadSevere()]);
}

// ---------------------------------------------------------------- tabs

function selectTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll('.tab')) {
    b.classList.toggle('active', b.dataset.tab === tab);
  }
  for (const p of document.querySelectorAll('.panel')) {
    p.hidden = p.id !== 'panel-' + tab;
  }
  if (tab === 'feed') {
    state.unseen = 0;
    renderBadge();
  }
  charts.resizeAll();
}

function renderBadge() {
  const b = $('feed-badge');
  b.textContent = state.unseen > 999 ? '999+' : String(state.unseen);
  b.hidden = state.unseen === 0;
}

// ---------------------------------------------------------------- connection

function showConnection(kind, detail) {
  const c = $('conn');
  c.classList.toggle('conn-live', kind === 'live');
  c.classList.toggle('conn-retry', kind === 'retry');
  c.classList.toggle('conn-down', kind === 'down');
  c.dataset.state = kind;
  $('conn-text').textContent = kind === 'live' ? 'LIVE' : kind === 'retry' ? 'RECONNECTING IN ' + detail + ' S' : 'OFFLINE';
  if (kind === 'live' && detail === 'reconnected') {
    // Events sent while the socket was down are lost: read the current state once.
    guarded(refreshAll());
  }
}

function onStreamEvent(msg) {
  if (msg.type === 'alert' && msg.alert) {
    const a = Object.assign({}, msg.alert, { received_at: msg.received_at });
    onLiveAlert(a);
  } else if (msg.type === 'agent_status') {
    onAgentStatus(msg);
  }
}

function onLiveAlert(a) {
  // Feed
  if (matchesFeedFilter(a) && !state.feed.ids.has(a.id)) {
    state.feed.ids.add(a.id);
    $('feed-body').prepend(...feedRows(a, true));
    updateFeedStatus();
  }
  if (state.tab !== 'feed') {
    state.unseen++;
    renderBadge();
  }
  // Overview counters move at once; the server's stats follow shortly.
  if (state.stats) {
    state.stats.total++;
    state.stats.by_severity[a.severity] = (state.stats.by_severity[a.severity] || 0) + 1;
    renderCounters(state.stats);
  }
  if (a.severity === 'CRITICAL' || a.severity === 'HIGH') {
    state.severe.unshift(a);
    state.severe.length = Math.min(state.severe.length, SEVERE_MAX);
    renderSevere();
  }
  // Agents
  const agent = state.agents.get(a.agent_id);
  if (agent) {
    agent.alerts = (agent.alerts || 0) + 1;
    renderAgent(agent);
  } else {
    guarded(loadAgents());
  }
  scheduleStats();
}

function scheduleStats() {
  if (statsTimer) {
    return;
  }
  statsTimer = setTimeout(() => {
    statsTimer = null;
    guarded(refreshStats());
  }, 1000);
}

// ---------------------------------------------------------------- overview + analytics

async function refreshStats() {
  const s = await guarded(api.stats());
  if (!s) {
    return;
  }
  state.stats = s;
  renderCounters(s);
  renderGauge(s.threat_level, s.threat_score);
  $('agents-online').textContent = String(s.agents.online);
  $('agents-known').textContent = String(s.agents.known);
  const categories = Object.entries(s.by_category).sort((a, b) => b[1] - a[1]);
  charts.sparkline('chart-sparkline', s.timeline, s.at);
  charts.bars('chart-top-categories', categories.slice(0, 8), true);
  charts.donut('chart-donut', s.by_severity);
  charts.rateArea('chart-rate', s.timeline, s.at);
  charts.bars('chart-categories', categories, false);
  renderSources(s.top_sources);
}

function renderCounters(s) {
  for (const sev of SEVERITIES) {
    $('count-' + sev).textContent = String(s.by_severity[sev] || 0);
  }
  $('count-total').textContent = String(s.total);
}

function renderGauge(level, score) {
  const index = Math.max(0, LEVELS.indexOf(level));
  const fraction = level === 'NORMAL' ? 0.04 : (index + 1) / LEVELS.length;
  const arc = $('gauge-arc');
  arc.setAttribute('stroke-dashoffset', String(GAUGE_LENGTH * (1 - fraction)));
  arc.setAttribute('class', 'gauge-arc level-' + LEVELS[index]);
  $('gauge-level').textContent = LEVELS[index];
  $('gauge-score').textContent = 'score ' + score;
  $('gauge').dataset.level = LEVELS[index];
}

function renderSources(top) {
  const body = $('sources-body');
  clear(body);
  top.slice(0, 10).forEach((t, i) => {
    const tr = el('tr');
    tr.append(el('td', null, i + 1), el('td', null, t.source), el('td', null, t.alerts));
    body.appendChild(tr);
  });
  if (top.length === 0) {
    const tr = el('tr');
    const td = el('td', 'muted', 'No alerts yet.');
    td.colSpan = 3;
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

async function loadSevere() {
  const [c, h] = await Promise.all([guarded(api.alerts({ severity: 'CRITICAL', limit: SEVERE_MAX })),
    guarded(api.alerts({ severity: 'HIGH', limit: SEVERE_MAX }))]);
  if (!c || !h) {
    return;
  }
  state.severe = c.alerts.concat(h.alerts)
      .sort((x, y) => String(y.timestamp).localeCompare(String(x.timestamp)))
      .slice(0, SEVERE_MAX);
  renderSevere();
}

function renderSevere() {
  const list = $('latest-severe');
  clear(list);
  for (const a of state.severe) {
    const li = el('li', 'sev-' + a.severity);
    const meta = el('div', 'meta');
    meta.append(el('span', 'sev ' + a.severity, a.severity), ' ', el('span', null, time(a.timestamp)), ' · ',
        el('span', null, a.category), ' · ', el('span', null, a.hostname || a.agent_id));
    li.append(meta, el('div', 'msg', a.message));
    list.appendChild(li);
  }
  if (state.severe.length === 0) {
    list.appendChild(el('li', 'muted', 'No CRITICAL or HIGH alerts.'));
  }
}

// ---------------------------------------------------------------- live feed

function matchesFeedFilter(a) {
  const f = state.feed;
  if (f.severity && a.severity !== f.severity) {
    return false;
  }
  if (!f.q) {
    return true;
  }
  const q = f.q.toLowerCase();
  return [a.category, a.message, a.src_ip, a.hostname].some((v) => v && String(v).toLowerCase().includes(q));
}

function feedRows(a, fresh) {
  const tr = el('tr', 'row' + (fresh ? ' fresh' : ''));
  tr.dataset.id = a.id;
  tr.dataset.severity = a.severity;
  const sev = el('td');
  sev.appendChild(el('span', 'sev ' + a.severity, a.severity));
  tr.append(el('td', null, time(a.timestamp)), sev, el('td', null, a.category), el('td', null, endpoint(a.src_ip, a.src_port)),
      el('td', null, a.hostname || a.agent_id), el('td', 'msg', a.message));
  const detail = el('tr', 'detail');
  detail.hidden = true;
  const td = el('td');
  td.colSpan = 6;
  td.appendChild(fieldList(a, 'detail-grid'));
  detail.appendChild(td);
  tr.addEventListener('click', () => {
    detail.hidden = !detail.hidden;
    tr.classList.toggle('expanded', !detail.hidden);
  });
  return [tr, detail];
}

async function resetFeed() {
  const f = state.feed;
  f.generation++;
  f.cursor = null;
  f.done = false;
  f.loading = false;
  f.ids = new Set();
  clear($('feed-body'));
  $('feed-scroll').scrollTop = 0;
  await loadMoreFeed();
}

async function loadMoreFeed() {
  const f = state.feed;
  if (f.loading || f.done) {
    return;
  }
  f.loading = true;
  const generation = f.generation;
  $('feed-status').textContent = 'Loading…';
  const page = await guarded(api.alerts({ severity: f.severity, q: f.q, limit: FEED_PAGE, cursor: f.cursor }));
  if (generation !== f.generation) {
    return; // the filter changed meanwhile; that load is the current one
  }
  f.loading = false;
  if (!page) {
    $('feed-status').textContent = 'Could not load alerts.';
    return;
  }
  const body = $('feed-body');
  for (const a of page.alerts) {
    if (!f.ids.has(a.id)) {
      f.ids.add(a.id);
      body.append(...feedRows(a, false));
    }
  }
  f.cursor = page.next_cursor;
  f.done = !page.next_cursor;
  updateFeedStatus();
  maybeLoadMore();
}

function updateFeedStatus() {
  const f = state.feed;
  const n = f.ids.size;
  $('feed-status').textContent = n === 0 ? 'No alerts match.'
      : f.done ? n + ' alerts · end of list' : n + ' alerts · scroll for older';
  $('feed-body').dataset.count = String(n);
}

function maybeLoadMore() {
  const s = $('feed-scroll');
  if (!state.feed.done && !state.feed.loading && s.offsetParent !== null
      && s.scrollTop + s.clientHeight >= s.scrollHeight - 120) {
    guarded(loadMoreFeed());
  }
}

let searchTimer = null;
function onSearchInput() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    const q = $('search').value.trim().slice(0, 200);
    if (q !== state.feed.q) {
      state.feed.q = q;
      guarded(resetFeed());
    }
  }, 300);
}

function onChip(ev) {
  const chip = ev.target.closest('.chip');
  if (!chip) {
    return;
  }
  for (const c of document.querySelectorAll('.chip')) {
    c.classList.toggle('active', c === chip);
  }
  state.feed.severity = chip.dataset.severity;
  guarded(resetFeed());
}

// ---------------------------------------------------------------- agents

async function loadAgents() {
  const r = await guarded(api.agents());
  if (!r) {
    return;
  }
  state.offlineAfter = r.offline_after_seconds;
  $('offline-after').textContent = String(r.offline_after_seconds);
  state.agents = new Map(r.agents.map((a) => [a.agent_id, a]));
  const box = $('agent-cards');
  clear(box);
  for (const a of r.agents) {
    box.appendChild(agentCard(a));
  }
  if (r.agents.length === 0) {
    box.appendChild(el('p', 'muted', 'No agent has registered yet.'));
  }
}

function agentCard(a) {
  const card = el('div', 'card agent-card');
  card.dataset.agentId = a.agent_id;
  fillAgentCard(card, a);
  return card;
}

function fillAgentCard(card, a) {
  clear(card);
  card.classList.toggle('offline', a.status !== 'online');
  card.dataset.status = a.status;
  const h = el('h3', null, a.hostname || a.agent_id);
  card.append(h, el('span', 'status', a.status === 'online' ? 'ONLINE' : 'OFFLINE'));
  card.appendChild(fieldList({
    'agent id': a.agent_id, ip: a.ip, os: a.os, version: a.version, 'first seen': time(a.first_seen),
    'last seen': time(a.last_seen), alerts: a.alerts,
  }));
}

function renderAgent(a) {
  const card = [...document.querySelectorAll('.agent-card')].find((c) => c.dataset.agentId === a.agent_id);
  if (card) {
    fillAgentCard(card, a);
  }
}

function onAgentStatus(msg) {
  const a = state.agents.get(msg.agent_id);
  if (!a) {
    guarded(loadAgents());
    return;
  }
  a.status = msg.status;
  a.hostname = msg.hostname || a.hostname;
  a.last_seen = msg.last_seen || a.last_seen;
  renderAgent(a);
  scheduleStats();
}

// ---------------------------------------------------------------- wiring

function init() {
  // The page must live within its Content-Security-Policy; a violation is counted where a test can see it.
  document.addEventListener('securitypolicyviolation', (e) => {
    const n = Number(document.body.dataset.cspViolations || 0) + 1;
    document.body.dataset.cspViolations = String(n);
    console.warn('CSP violation:', e.violatedDirective, e.blockedURI);
  });
  $('login-form').addEventListener('submit', onLoginSubmit);
  $('logout').addEventListener('click', logout);
  for (const b of document.querySelectorAll('.tab')) {
    b.addEventListener('click', () => selectTab(b.dataset.tab));
  }
  $('chips').addEventListener('click', onChip);
  $('search').addEventListener('input', onSearchInput);
  $('feed-scroll').addEventListener('scroll', maybeLoadMore, { passive: true });
  api.whoAmI().then((r) => startApp(r.user), (e) => showLogin(e instanceof NotLoggedIn ? '' : 'Server unreachable: ' + e.message));
}

init();
