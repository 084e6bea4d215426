// Dashboard charts: progressive enhancement of the tables beside them.
//
// Each <canvas data-chart="line|bar" data-source="ID"> reads its figures from the JSON block
// with that id, which Django writes with the json_script filter (data, not code, so our
// Content-Security-Policy allows it). The table under the chart holds the same figures and is
// the source of truth: without JavaScript, or for a screen reader, the page is complete.
// Chart.js is served from static/dist (built from npm; no CDN) and loaded before this module.

const palette = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#5694ca', '#912b88']

function draw (canvas) {
  const source = document.getElementById(canvas.dataset.source)
  if (!source || typeof window.Chart === 'undefined') return
  const data = JSON.parse(source.textContent)
  const line = data.kind === 'line'
  new window.Chart(canvas, {
    type: line ? 'line' : 'bar',
    data: {
      labels: data.labels,
      datasets: data.datasets.map((dataset, index) => ({
        label: dataset.label,
        data: dataset.data,
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        spanGaps: true
      }))
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: data.unit } } },
      plugins: { legend: { position: 'bottom' } }
    }
  })
}

document.querySelectorAll('canvas[data-chart]').forEach(draw)
