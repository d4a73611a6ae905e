/* Draws every .ska-chart with the local plotly.js and makes table.ska-sortable sortable; no external requests.
 *
 * A chart is an image (role="img"): no mode bar, no legend toggles, nothing inside it takes focus; hover
 * stays for a mouse. plotly.js (large) is loaded only on a page that has a chart, once: this script
 * adds its <script> beside itself, and instant navigation keeps it for the pages that follow. */
(function () {
  "use strict";

  const CONFIG = { responsive: true, displayModeBar: false, displaylogo: false, showTips: false };
  // plotly.min.js sits beside this file (assets/ska/), whatever the page's depth or URL style.
  const PLOTLY_SRC = new URL("plotly.min.js", (document.currentScript || document.querySelector('script[src*="charts.js"]')).src).href;
  let plotly = null; // the promise of plotly.js loaded, once asked for

  const charts = new Set(); // every .ska-chart seen, drawn or waiting to be visible
  const figures = new WeakMap(); // element → parsed figure (the original, re-themed on every draw)
  const drawnWidth = new WeakMap(); // element → width it was drawn at
  let current = null; // cached theme, cleared when the palette changes

  // -- theme -------------------------------------------------------------------

  /** Resolve a CSS colour variable of the current palette to rgb()/rgba(). */
  function cssColour(name, fallback) {
    const probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = `var(${name}, ${fallback})`;
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }

  /** Shared layout and series colours, read from Material's CSS variables and ska.css. */
  function theme() {
    if (current) return current;
    const text = getComputedStyle(document.querySelector(".md-typeset") || document.body);
    const fg = cssColour("--md-default-fg-color", "#000");
    const light = cssColour("--md-default-fg-color--light", "#666");
    const grid = cssColour("--md-default-fg-color--lightest", "#ddd");
    const bg = cssColour("--md-default-bg-color", "#fff");
    const axis = { automargin: true, fixedrange: true, gridcolor: grid, linecolor: light, zerolinecolor: light, tickcolor: light };
    current = {
      light,
      series: [1, 2, 3, 4, 5, 6].map((i) => cssColour(`--ska-series-${i}`, fg)),
      layout: {
        font: { family: text.fontFamily, size: 13, color: fg },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        separators: ", ",
        margin: { t: 8, r: 8, b: 8, l: 8, pad: 4 },
        xaxis: axis,
        yaxis: axis,
        legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", itemclick: false, itemdoubleclick: false },
        hoverlabel: { bgcolor: bg, bordercolor: light, font: { color: fg } },
        dragmode: false,
      },
    };
    return current;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** Deep merge: values in `over` win, objects merge key by key. */
  function merge(base, over) {
    const out = { ...base };
    for (const [key, value] of Object.entries(over || {})) {
      out[key] = isObject(value) && isObject(base[key]) ? merge(base[key], value) : value;
    }
    return out;
  }

  /** A fresh copy of the figure in the current theme: traces coloured by legend group (segments of one
   * series share a colour), shapes in a quiet tone. A copy, because plotly writes into what it is given. */
  function themed(original, t) {
    const figure = structuredClone(original);
    const groups = [];
    const data = figure.data.map((trace, i) => {
      if (trace.type === "heatmap") return trace;
      const group = trace.legendgroup || `#${i}`;
      if (!groups.includes(group)) groups.push(group);
      const colour = t.series[groups.indexOf(group) % t.series.length];
      const out = merge({ marker: { color: colour } }, trace);
      if (trace.type === "scatter") out.line = merge({ color: colour, width: 2 }, trace.line);
      return out;
    });
    const layout = merge(t.layout, figure.layout);
    if (layout.shapes) layout.shapes = layout.shapes.map((shape) => merge({ line: { color: t.light } }, shape));
    if (layout.annotations) layout.annotations = layout.annotations.map((note) => merge({ hoverlabel: t.layout.hoverlabel }, note));
    return { data, layout };
  }

  // -- charts ------------------------------------------------------------------

  /** Draw (or redraw) one chart; charts without width (hidden tab, closed details) wait for the observer. */
  function draw(el) {
    const width = el.clientWidth;
    if (!width) return;
    const { data, layout } = themed(figures.get(el), theme());
    drawnWidth.set(el, width);
    Plotly.react(el, data, layout, CONFIG).then(() => unfocusable(el));
  }

  /** Nothing inside an image takes focus: plotly's drawing is for the eye (the table has the numbers). */
  function unfocusable(el) {
    for (const node of el.querySelectorAll("a[href], [tabindex], button, input, select, textarea, [contenteditable]")) {
      node.setAttribute("tabindex", "-1");
    }
  }

  // Draws charts that become visible and resizes charts whose box changed.
  const sizes = new ResizeObserver((entries) => {
    for (const { target } of entries) {
      const width = target.clientWidth;
      if (!width || width === drawnWidth.get(target)) continue;
      if (drawnWidth.has(target)) {
        drawnWidth.set(target, width);
        Plotly.Plots.resize(target).then(() => unfocusable(target));
      } else {
        draw(target);
      }
    }
  });

  function register(el) {
    if (figures.has(el)) return;
    try {
      figures.set(el, JSON.parse(el.dataset.figure));
    } catch (error) {
      console.error("ska: diagrammet kunde inte läsas", error);
      return;
    }
    const height = figures.get(el).layout?.height;
    if (height) el.style.height = `${height}px`;
    charts.add(el);
    sizes.observe(el);
    draw(el);
  }

  /** Free charts of the previous page (instant navigation swaps the content, not the document). */
  function purgeDetached() {
    for (const el of charts) {
      if (el.isConnected) continue;
      sizes.unobserve(el);
      if (drawnWidth.has(el)) Plotly.purge(el);
      charts.delete(el);
    }
  }

  // Re-theme when the palette toggle changes the colour scheme. Plotly.react updates both the
  // layout (relayout) and the trace colours, which follow the palette too.
  new MutationObserver(() => {
    current = null;
    for (const el of charts) if (drawnWidth.has(el)) draw(el);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary"] });

  // -- the link from a chart to its table ----------------------------------------

  /** Open the collapsed blocks (details) around the element the address points at, so that it shows. */
  function reveal(hash) {
    let target = null;
    try {
      target = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    } catch (error) {
      return; // a malformed address: nothing to open
    }
    for (let node = target && target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
  }

  // Before the browser (or Material) follows a link within the page, so it scrolls to the opened table.
  // (Material's instant navigation writes links out as absolute addresses: compare the parts.)
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[href]");
    if (link && link.hash && link.origin === location.origin && link.pathname === location.pathname) reveal(link.hash);
  }, true);
  window.addEventListener("hashchange", () => reveal(location.hash));

  // Printing shows the data tables instead of the charts: open collapsed data blocks meanwhile.
  const opened = [];
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details.ska-data:not([open])")) {
      details.open = true;
      opened.push(details);
    }
  });
  window.addEventListener("afterprint", () => {
    while (opened.length) opened.pop().open = false;
  });

  // -- sortable tables ---------------------------------------------------------

  /** A cell's sort key: number from data-sort, text otherwise; empty (suppressed, missing) is null. */
  function sortKey(cell) {
    if (!cell) return null;
    const raw = cell.hasAttribute("data-sort") ? cell.dataset.sort.trim() : cell.textContent.trim();
    if (!raw) return null;
    const number = Number(raw);
    return cell.hasAttribute("data-sort") && Number.isFinite(number) ? number : raw;
  }

  /** Compare two keys in a direction; missing values always sort last. */
  function compare(a, b, direction) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const order =
      typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "sv", { numeric: true });
    return order * direction;
  }

  function sortBy(table, th) {
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of th.parentElement.cells) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const column = th.cellIndex;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows, (row) => ({ row, key: sortKey(row.cells[column]) }));
    rows.sort((a, b) => compare(a.key, b.key, ascending ? 1 : -1));
    body.append(...rows.map(({ row }) => row));
  }

  /** Turn the last header row's cells into buttons (keyboard accessible) that sort the first body. */
  function sortable(table) {
    if (table.dataset.skaSortable === "ready" || !table.tHead || !table.tBodies.length) return;
    table.dataset.skaSortable = "ready";
    const header = table.tHead.rows[table.tHead.rows.length - 1];
    for (const th of header.cells) {
      if (th.hasAttribute("data-nosort")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ska-sort";
      button.append(...th.childNodes);
      button.addEventListener("click", () => sortBy(table, th));
      th.append(button);
    }
  }

  // -- page lifecycle ----------------------------------------------------------

  /** plotly.js, loaded once (a <script> after this one); the HTTP cache keeps it for later visits. */
  function loadPlotly() {
    if (typeof Plotly !== "undefined") return Promise.resolve();
    if (!plotly) {
      plotly = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = PLOTLY_SRC;
        script.onload = resolve;
        script.onerror = () => {
          plotly = null; // try again on the next page
          reject(new Error(`${PLOTLY_SRC} could not be loaded`));
        };
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function drawCharts() {
    purgeDetached();
    document.querySelectorAll(".ska-chart[data-figure]").forEach(register);
  }

  function init() {
    document.querySelectorAll("table.ska-sortable").forEach(sortable);
    if (location.hash) reveal(location.hash);
    if (document.querySelector(".ska-chart[data-figure]")) {
      loadPlotly().then(drawCharts, (error) => console.error("ska: diagrammen kunde inte ritas", error));
    } else if (typeof Plotly !== "undefined") {
      purgeDetached(); // the previous page's charts
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material: first load and every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
