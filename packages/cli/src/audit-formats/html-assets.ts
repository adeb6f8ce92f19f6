import { COLORS } from './charts.js';

/** The report's style: inline, system fonts only. */
export const STYLE = `
:root { --ready: ${COLORS.ready}; --not-ready: ${COLORS.notReady}; --fix: ${COLORS.fix}; --mapping: ${COLORS.mapping}; --person: ${COLORS.person};
  --fg: #1d2125; --muted: #5f6b76; --line: #dde1e6; --bg: #f5f6f8; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1f2a36; color: #fff; padding: 14px 28px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; font-weight: 600; }
header .meta { color: #b9c4cf; font-size: 13px; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 28px 40px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin-bottom: 18px; }
h2 { font-size: 16px; margin: 0 0 12px; }
.headline { display: flex; gap: 28px; align-items: center; flex-wrap: wrap; }
.big { font-size: 52px; font-weight: 700; line-height: 1; }
.big.good { color: var(--ready); } .big.bad { color: var(--not-ready); } .big.mid { color: #b26a00; }
.meter { height: 12px; width: 320px; max-width: 100%; background: var(--not-ready); border-radius: 6px; overflow: hidden; margin-top: 8px; }
.meter span { display: block; height: 100%; background: var(--ready); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12px; }
.card.fix { border-left-color: var(--fix); } .card.mapping { border-left-color: var(--mapping); } .card.person { border-left-color: var(--person); }
.card.ready { border-left-color: var(--ready); } .card.not-ready { border-left-color: var(--not-ready); }
.nova li { margin-bottom: 6px; }
.legend { display: flex; gap: 16px; font-size: 12px; color: var(--muted); margin: 0 0 6px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -2px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 18px; }
figure { margin: 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.note { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; position: sticky; top: 0; white-space: nowrap; }
#domains td { white-space: nowrap; }
#domains td:last-child { white-space: normal; min-width: 280px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 10px; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 10px; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11px; font-weight: 600; }
.tag.ready { background: #e3f2e5; color: var(--ready); } .tag.not-ready { background: #fbe4e4; color: var(--not-ready); }
.tag.fix { background: #e3edf9; color: var(--fix); } .tag.mapping { background: #fdf0dc; color: #9a5d00; } .tag.person { background: #f2e5f6; color: var(--person); }
.controls { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; flex-wrap: wrap; }
.controls input[type=search] { width: 320px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 5px; font: inherit; }
.controls select { padding: 5px; font: inherit; }
details summary { cursor: pointer; }
details ul { margin: 6px 0 2px; padding-left: 18px; }
a { color: #0b5cad; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
`;

/**
 * Sorting of every `table.sortable` by a click on its header, and the domain table's filters:
 * a few lines of plain DOM code, no library.
 */
export const SCRIPT = `
(function () {
  'use strict';
  function key(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent;
    return numeric ? Number(v) : v.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var numeric = th.classList.contains('n');
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) { return [key(r.cells[col], numeric), i, r]; });
        rows.sort(function (a, b) { return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]; });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r[2]); });
        body.appendChild(frag);
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
  var table = document.getElementById('domains');
  if (!table) return;
  var text = document.getElementById('filter-text');
  var status = document.getElementById('filter-status');
  var host = document.getElementById('filter-host');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var haystack = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var want = status.value;
    var h = host.value;
    var count = 0;
    rows.forEach(function (r, i) {
      var ok = (want === '' || r.getAttribute('data-status') === want) &&
        (h === '' || r.getAttribute('data-host') === h) &&
        words.every(function (w) { return haystack[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = String(count);
  }
  text.addEventListener('input', apply);
  status.addEventListener('change', apply);
  host.addEventListener('change', apply);
  apply();
})();
`;
