// Chart.js (from the WebJar, loaded as window.Chart) wrappers. Each canvas also gets data-total, the sum of what it
// plots, so that a test (or a curious operator) can see that it has data.

const SEVERITY_COLORS = { CRITICAL: '#ff4d5e', HIGH: '#ff9f1c', MEDIUM: '#ffd166', LOW: '#4cc9f0' };
const charts = new Map();

function chartLib() {
  if (!window.Chart) {
    throw new Error('Chart.js did not load');
  }
  const C = window.Chart;
  C.defaults.color = '#8193a8';
  C.defaults.borderColor = '#243245';
  C.defaults.font.family = '"DejaVu Sans", system-ui, sans-serif';
  C.defaults.maintainAspectRatio = false;
  return C;
}

function upsert(id, make, labels, datasets) {
  const canvas = document.getElementById(id);
  let chart = charts.get(id);
  if (!chart) {
    chart = new (chartLib())(canvas, make());
    charts.set(id, chart);
  }
  chart.data.labels = labels;
  chart.data.datasets.forEach((ds, i) => {
    ds.data = datasets[i];
  });
  chart.update();
  canvas.dataset.total = String(datasets.flat().reduce((a, b) => a + b, 0));
}

function minuteLabels(n, at) {
  const end = at ? new Date(at) : new Date();
  const labels = [];
  for (let i = n - 1; i >= 0; i--) {
    const t = new Date(end.getTime() - i * 60000);
    labels.push(t.toISOString().substring(11, 16));
  }
  return labels;
}

export function sparkline(id, timeline, at) {
  upsert(id, () => ({
    type: 'line',
    data: { labels: [], datasets: [{ data: [], borderColor: '#2ec4b6', borderWidth: 2, pointRadius: 0, tension: 0.3,
      fill: true, backgroundColor: 'rgba(46,196,182,0.15)' }] },
    options: { plugins: { legend: { display: false }, tooltip: { intersect: false } },
      scales: { x: { display: false }, y: { display: false, beginAtZero: true } } },
  }), minuteLabels(timeline.length, at), [timeline]);
}

export function rateArea(id, timeline, at) {
  upsert(id, () => ({
    type: 'line',
    data: { labels: [], datasets: [{ label: 'alerts / min', data: [], borderColor: '#ff9f1c', borderWidth: 2,
      pointRadius: 0, tension: 0.25, fill: true, backgroundColor: 'rgba(255,159,28,0.2)' }] },
    options: { plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxTicksLimit: 7 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), minuteLabels(timeline.length, at), [timeline]);
}

export function bars(id, entries, horizontal) {
  upsert(id, () => ({
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: '#2ec4b6', borderRadius: 3 }] },
    options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), entries.map((e) => e[0]), [entries.map((e) => e[1])]);
}

export function donut(id, bySeverity) {
  const names = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  upsert(id, () => ({
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], backgroundColor: names.map((n) => SEVERITY_COLORS[n]),
      borderColor: '#121a24' }] },
    options: { cutout: '62%', plugins: { legend: { position: 'right' } } },
  }), names, [names.map((n) => bySeverity[n] || 0)]);
}

export function resizeAll() {
  for (const c of charts.values()) {
    c.resize();
  }
}
