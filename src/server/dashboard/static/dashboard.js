// The primeos dashboard: plain browser JavaScript, no framework. Live data arrives over the /v1/stream WebSocket
// (topics `jobs` and `stats`, docs/PROTOCOL.md §Broadcast); jobs are submitted with POST /v1/jobs and their
// records read from GET /v1/jobs/:id/results (NDJSON, followed live). A server started with --token-file answers
// 401 until the page has its token: the user enters it once per tab (kept in sessionStorage, never in the URL);
// fetches send it as `Authorization: Bearer`, the WebSocket, which cannot carry headers, as the subprotocol
// `primeos.bearer.<base64url(token)>` next to `primeos` (the one the server selects).
(function () {
  'use strict';
  const WINDOW_S = 120; // seconds of history in the charts
  const MAX_RECORDS_SHOWN = 500;
  const MAX_ERRORS_SHOWN = 20;
  const $ = (id) => document.getElementById(id);
  const jobs = new Map(); // id → status

  // ── charts (uPlot: column arrays, x in seconds, sliding window) ──
  const series = { t: [], rate: [], latency: [] };
  const chartOpts = (label, stroke) => ({
    width: Math.max(300, $('chart-rate').clientWidth || 480),
    height: 200,
    scales: { x: { time: true } },
    series: [{}, { label, stroke, width: 2, fill: stroke + '22' }],
    axes: [{}, { size: 60 }],
  });
  const rateChart = new uPlot(chartOpts('records/s', '#3b7ddd'), [[], []], $('chart-rate'));
  const latencyChart = new uPlot(chartOpts('latency ms', '#d98b2b'), [[], []], $('chart-latency'));
  window.primeosCharts = { rateChart, latencyChart, series };

  function onStats(s) {
    const t = s.t;
    const last = series.t[series.t.length - 1];
    if (last !== undefined && t <= last) return; // x must stay unique and ascending
    series.t.push(t);
    series.rate.push(s.recordsPerSec);
    series.latency.push(s.latencyMs);
    while (series.t.length > 0 && series.t[0] < t - WINDOW_S) {
      series.t.shift();
      series.rate.shift();
      series.latency.shift();
    }
    rateChart.setData([series.t, series.rate]);
    latencyChart.setData([series.t, series.latency]);
    $('rate').textContent = Math.round(s.recordsPerSec).toLocaleString();
    $('latency').textContent = s.latencyMs.toFixed(1);
    const util = s.workers.threads > 0 ? s.workers.running / s.workers.threads : 0;
    $('workers').textContent = Math.round(util * 100) + '% of ' + s.workers.threads;
    $('workers-bar').style.width = Math.round(util * 100) + '%';
    $('waits').textContent = s.backpressureWaits.toLocaleString();
    for (const e of s.errors || []) addError(e);
  }

  // ── jobs table ──
  function percent(st) {
    if (st.state === 'done') return 100;
    const p = st.progress;
    return p.inputBytes > 0 ? Math.min(100, Math.floor((100 * p.inputOffset) / p.inputBytes)) : 0;
  }
  // a status is older than the one shown when it has fewer lines, or as many and an earlier state: the POST's
  // answer can arrive after the job's events (another socket), and a snapshot after a newer event
  const STATE_RANK = { queued: 0, running: 1, interrupted: 1, done: 2, failed: 2 };
  function isStale(st) {
    const old = jobs.get(st.id);
    if (old === undefined) return false;
    if (st.progress.lines !== old.progress.lines) return st.progress.lines < old.progress.lines;
    return (STATE_RANK[st.state] ?? 0) < (STATE_RANK[old.state] ?? 0);
  }
  function renderJob(st) {
    if (isStale(st)) return;
    jobs.set(st.id, st);
    let row = document.querySelector('tr[data-id="' + st.id + '"]');
    if (!row) {
      row = document.createElement('tr');
      row.dataset.id = st.id;
      row.innerHTML =
        '<td class="id"></td><td class="state"></td><td><div class="bar"><div></div></div>' +
        '<span class="pct"></span></td><td class="records"></td><td class="failed"></td>';
      row.querySelector('.id').textContent = st.id.slice(0, 8);
      row.querySelector('.id').title = st.id;
      $('jobs').querySelector('tbody').prepend(row);
    }
    const pct = percent(st);
    row.className = st.state;
    row.querySelector('.state').textContent = st.state;
    row.querySelector('.bar > div').style.width = pct + '%';
    row.querySelector('.pct').textContent = pct + '%';
    row.dataset.progress = String(pct);
    row.querySelector('.records').textContent = st.progress.records.toLocaleString();
    row.querySelector('.failed').textContent = st.progress.failed.toLocaleString();
    if (st.error) addError('job ' + st.id.slice(0, 8) + ': ' + st.error.code + ' ' + st.error.message);
  }
  function onJobEvent(event, data) {
    if (event === 'deleted') {
      jobs.delete(data.id);
      const row = document.querySelector('tr[data-id="' + data.id + '"]');
      if (row) row.remove();
      return;
    }
    renderJob(data.status);
  }

  // ── errors ──
  const seenErrors = new Set();
  function addError(text) {
    if (seenErrors.has(text)) return;
    seenErrors.add(text);
    const li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ' ' + text;
    $('errors').prepend(li);
    while ($('errors').children.length > MAX_ERRORS_SHOWN) $('errors').lastElementChild.remove();
  }

  // ── token (servers started with --token-file) ──
  const TOKEN_KEY = 'primeos.token';
  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';
  let needToken = false; // the server refused the token we have (or its absence): wait for the user
  function askToken() {
    needToken = true;
    $('conn').textContent = 'token needed';
    $('auth').hidden = false;
    $('token').focus();
  }
  /** fetch with the bearer token; a 401 asks the user for one. */
  async function api(url, init) {
    const headers = Object.assign({}, (init && init.headers) || {});
    if (token() !== '') headers.authorization = 'Bearer ' + token();
    const res = await fetch(url, Object.assign({}, init, { headers }));
    if (res.status === 401) askToken();
    return res;
  }
  function base64url(text) {
    let bin = '';
    for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  $('auth').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    $('auth').hidden = true;
    needToken = false;
    $('conn').textContent = 'connecting…';
    loadJobs();
    connectLive();
  });

  // ── live connection ──
  let live = null; // the open or opening WebSocket
  function connectLive() {
    if (live !== null) live.close();
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const protocols = token() !== '' ? ['primeos', 'primeos.bearer.' + base64url(token())] : [];
    const ws = new WebSocket(proto + '//' + location.host + '/v1/stream', protocols);
    live = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      $('conn').textContent = 'live';
      ws.send(JSON.stringify({ type: 'subscribe', topic: 'jobs' }));
      ws.send(JSON.stringify({ type: 'subscribe', topic: 'stats' }));
      // the server handles frames in order: its health answer means the subscriptions are live, and a snapshot
      // taken then misses nothing that happened before them
      ws.send(JSON.stringify({ type: 'health' }));
    };
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type === 'health') {
        void loadJobs();
        return;
      }
      if (f.type !== 'event') return;
      if (f.topic === 'stats') onStats(f.data);
      else if (f.topic === 'jobs') onJobEvent(f.event, f.data);
    };
    ws.onclose = () => {
      if (live !== ws) return; // replaced by a newer connection
      live = null;
      if (needToken) return; // reconnects once the user gives a token
      $('conn').textContent = 'reconnecting…';
      // refused before it opened: ask the API why (a 401 means a token is needed), then retry
      if (!opened) void api('/v1/jobs', { method: 'HEAD' }).catch(() => undefined);
      setTimeout(() => {
        if (live === null && !needToken) connectLive();
      }, 1000);
    };
  }

  // ── submit a job and watch its records ──
  async function watchRecords(id) {
    $('watch-id').textContent = id.slice(0, 8);
    const list = $('records');
    list.textContent = '';
    let count = 0;
    const res = await api('/v1/jobs/' + id + '/results');
    if (!res.ok || !res.body) {
      addError('results of ' + id.slice(0, 8) + ': HTTP ' + res.status);
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) {
        if (line === '') continue;
        count++;
        if (list.children.length < MAX_RECORDS_SHOWN) {
          const li = document.createElement('li');
          li.textContent = line;
          list.appendChild(li);
        }
      }
      $('watch-count').textContent = count.toLocaleString();
    }
    $('watch-count').textContent = count.toLocaleString();
    $('watch-count').dataset.done = 'true';
    // the results end with the job: its final status, whatever events this page missed
    const st = await api('/v1/jobs/' + id);
    if (st.ok) renderJob(await st.json());
  }
  $('submit').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = $('file').files[0];
    const body = file !== undefined ? file : $('numbers').value;
    $('go').disabled = true;
    try {
      const res = await api('/v1/jobs', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
      const st = await res.json();
      if (!res.ok) {
        addError('submit: ' + (st.error ? st.error.code + ' ' + st.error.message : 'HTTP ' + res.status));
        return;
      }
      renderJob(st);
      void watchRecords(st.id);
    } catch (err) {
      addError('submit: ' + err.message);
    } finally {
      $('go').disabled = false;
    }
  });

  function loadJobs() {
    return api('/v1/jobs')
      .then((r) => (r.ok ? r.json() : { jobs: [] }))
      .then((r) => r.jobs.forEach(renderJob))
      .catch((err) => addError('jobs: ' + err.message));
  }
  void loadJobs().then(() => {
    if (!needToken) connectLive();
  });
})();
