/* Draws every .ska-chart with the local plotly.js, makes table.ska-sortable sortable and prepares pages for
 * print; no external requests.
 *
 * A chart is an image (role="img"): no mode bar, no legend toggles, nothing inside it takes focus; hover
 * stays for a mouse. plotly.js (large) is loaded only on a page that has a chart, once: this script
 * adds its <script> beside itself, and instant navigation keeps it for the pages that follow.
 *
 * Printing draws every chart again for paper (see "print" below), so charts print as the vector
 * drawings plotly makes; a PDF maker (workflow/report.py) emulates print media and waits for
 * <html data-ska-print="ready">. */
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
  let printing = false; // from beforeprint (or print media) to afterprint: charts are drawn for paper

  // -- theme -------------------------------------------------------------------

  /** Resolve a CSS colour variable to rgb()/rgba(): of the current palette, or of the one named `scheme`. */
  function cssColour(name, fallback, scheme) {
    const probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = `var(${name}, ${fallback})`;
    const host = scheme ? document.createElement("div") : document.body;
    if (scheme) {
      host.hidden = true;
      host.dataset.mdColorScheme = scheme; // where Material's and ska.css's variables of that palette apply
      document.body.appendChild(host);
    }
    host.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    (scheme ? host : probe).remove();
    return colour;
  }

  /** Shared layout and series colours, read from Material's CSS variables and ska.css: of the current
   * palette (cached), or of the palette named `scheme` ("default", the light one, for paper). */
  function theme(scheme) {
    if (current && !scheme) return current;
    const text = getComputedStyle(document.querySelector(".md-typeset") || document.body);
    const fg = cssColour("--md-default-fg-color", "#000", scheme);
    const light = cssColour("--md-default-fg-color--light", "#666", scheme);
    const grid = cssColour("--md-default-fg-color--lightest", "#ddd", scheme);
    const bg = cssColour("--md-default-bg-color", "#fff", scheme);
    const axis = { automargin: true, fixedrange: true, gridcolor: grid, linecolor: light, zerolinecolor: light, tickcolor: light };
    const made = {
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
    if (!scheme) current = made;
    return made;
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

  /** Draw (or redraw) one chart as big as its box; charts without width (hidden tab, closed details) wait
   * for the observer. While printing, charts are drawn for paper only (drawForPrint). The size is given:
   * plotly sizes a chart to its box by itself only the first time (the print drawing comes between). */
  function draw(el) {
    const width = el.clientWidth;
    if (!width || printing) return;
    const { data, layout } = themed(figures.get(el), theme());
    layout.width = width;
    layout.height = el.clientHeight || undefined;
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
    if (printing) return; // the print layout: charts keep the size they were drawn for paper at
    for (const { target } of entries) {
      const width = target.clientWidth;
      if (width && width !== drawnWidth.get(target)) draw(target);
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
    if (printing) return;
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

  // -- print ---------------------------------------------------------------------

  // Charts print as plotly draws them (SVG, so vector graphics in a PDF). Before printing (beforeprint, which
  // Chromium fires for every print, a PDF's too, or print media turned on, as a PDF maker emulates it)
  // every chart is drawn again, those never shown too (in a collapsed block): in the light palette, as
  // wide as the printed text (--ska-print-width in ska.css), rows of bars a little lower than on screen.
  // With plotly.js loaded this happens within the event, before the browser lays out the print; else
  // <html data-ska-print> says "drawing" until the charts are drawn, then "ready". Collapsed data blocks
  // open meanwhile. After printing (afterprint, print media off) the screen's drawing returns.
  const PRINT_FONT = 11; // px, near the printed text's size
  const PRINT_ROWS = 0.75; // of the height a chart with a row per bar asks for (layout.height) on screen
  const opened = [];

  /** --ska-print-width in CSS pixels. */
  function printWidth() {
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;width:var(--ska-print-width, 180mm)";
    document.body.appendChild(probe);
    const width = Math.floor(probe.getBoundingClientRect().width);
    probe.remove();
    return width;
  }

  /** Draw one chart for paper; the promise settles when it is drawn. */
  function drawForPrint(el, t, width) {
    const figure = figures.get(el);
    const { data, layout } = themed(figure, t);
    layout.width = width;
    // A chart with a row per bar gets lower rows; any other keeps the height of its box on screen.
    layout.height = figure.layout?.height ? Math.round(figure.layout.height * PRINT_ROWS) : el.clientHeight || 360;
    layout.font = { ...layout.font, size: PRINT_FONT };
    drawnWidth.set(el, width);
    // The same config as on screen: plotly.js starts over when it changes, which can hang when the screen's
    // drawing follows at once (a PDF maker's print).
    return Plotly.react(el, data, layout, CONFIG).then(() => unfocusable(el));
  }

  /** Every chart of the page drawn for paper (registered first if plotly.js was still on its way). */
  function drawAllForPrint() {
    drawCharts();
    const t = theme("default");
    const width = printWidth();
    return Promise.all(Array.from(charts, (el) => drawForPrint(el, t, width)));
  }

  function beforePrint() {
    if (printing) return;
    printing = true;
    const root = document.documentElement;
    root.dataset.skaPrint = "drawing";
    runningHeader();
    for (const details of document.querySelectorAll("details.ska-data:not([open])")) {
      details.open = true;
      opened.push(details);
    }
    let drawn = Promise.resolve();
    if (document.querySelector(".ska-chart[data-figure]")) {
      // With plotly.js loaded the charts are drawn right here: the browser lays out the print after this event.
      drawn = typeof Plotly !== "undefined" ? drawAllForPrint() : loadPlotly().then(drawAllForPrint);
    }
    drawn.then(() => {
      if (printing) root.dataset.skaPrint = "ready";
    }, (error) => console.error("ska: diagrammen kunde inte ritas för utskrift", error));
  }

  function afterPrint() {
    if (!printing) return;
    printing = false;
    delete document.documentElement.dataset.skaPrint;
    while (opened.length) opened.pop().open = false;
    if (typeof Plotly === "undefined") return;
    for (const el of charts) {
      if (!drawnWidth.has(el)) continue;
      if (el.clientWidth) {
        draw(el);
      } else {
        Plotly.purge(el); // hidden again: drawn when it shows
        drawnWidth.delete(el);
      }
    }
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  matchMedia("print").addEventListener("change", (event) => (event.matches ? beforePrint() : afterPrint()));

  /** `text` as a CSS string: quotes, backslashes and line breaks escaped. */
  function cssString(text) {
    return `"${text.replace(/[\\"\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
  }

  /** The words at the top of each printed page (ska.css @page): what the page's facts name (municipality,
   * unit, school year; partials/actions.html) and the date, today's or the one a PDF maker set. */
  function runningHeader() {
    const facts = document.querySelector(".ska-print-facts[data-running]");
    const style = document.documentElement.style;
    if (!facts) {
      style.removeProperty("--ska-running");
      return;
    }
    const date = facts.dataset.date ? new Date(`${facts.dataset.date}T12:00:00`) : new Date();
    const day = new Intl.DateTimeFormat("sv-SE", { day: "numeric", month: "long", year: "numeric" }).format(date);
    style.setProperty("--ska-running", cssString(`${facts.dataset.running} · ${day}`));
  }

  // The print button (partials/actions.html): hidden until this script runs, then it prints.
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("button[data-ska-print]")) window.print();
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
    document.querySelectorAll("button[data-ska-print]").forEach((button) => {
      button.hidden = false;
    });
    runningHeader();
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
