// The primeos dashboard: plain browser JavaScript, no framework. Live data arrives over the /v1/stream WebSocket
// (topics `jobs` and `stats`, docs/PROTOCOL.md §Broadcast); jobs are submitted with POST /v1/jobs and their
// records read from GET /v1/jobs/:id/results (NDJSON, followed live).
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
  function renderJob(st) {
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

  // ── live connection ──
  function connectLive() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(proto + '//' + location.host + '/v1/stream');
    ws.onopen = () => {
      $('conn').textContent = 'live';
      ws.send(JSON.stringify({ type: 'subscribe', topic: 'jobs' }));
      ws.send(JSON.stringify({ type: 'subscribe', topic: 'stats' }));
    };
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type !== 'event') return;
      if (f.topic === 'stats') onStats(f.data);
      else if (f.topic === 'jobs') onJobEvent(f.event, f.data);
    };
    ws.onclose = () => {
      $('conn').textContent = 'reconnecting…';
      setTimeout(connectLive, 1000);
    };
  }

  // ── submit a job and watch its records ──
  async function watchRecords(id) {
    $('watch-id').textContent = id.slice(0, 8);
    const list = $('records');
    list.textContent = '';
    let count = 0;
    const res = await fetch('/v1/jobs/' + id + '/results');
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
  }
  $('submit').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = $('file').files[0];
    const body = file !== undefined ? file : $('numbers').value;
    $('go').disabled = true;
    try {
      const res = await fetch('/v1/jobs', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
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

  fetch('/v1/jobs')
    .then((r) => (r.ok ? r.json() : { jobs: [] }))
    .then((r) => r.jobs.forEach(renderJob))
    .catch((err) => addError('jobs: ' + err.message));
  connectLive();
})();
