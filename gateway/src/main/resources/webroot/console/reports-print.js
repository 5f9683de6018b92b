// The printable report page: draws its three charts from the report JSON the server embedded in
// <script type="application/json" id="report-data">, and prints on the button.
import { completionOption, tiersOption, yoyOption } from '/console/reports-charts.js';

const report = JSON.parse(document.getElementById('report-data').textContent);
for (const [id, option] of [
  ['chart-completion', completionOption(report)],
  ['chart-tiers', tiersOption(report)],
  ['chart-yoy', yoyOption(report)],
]) {
  const node = document.getElementById(id);
  if (window.echarts && node) {
    const chart = window.echarts.init(node, null, { renderer: 'svg' });
    chart.setOption(Object.assign({ animation: false }, option));
  }
}
document.getElementById('print').addEventListener('click', () => window.print());
