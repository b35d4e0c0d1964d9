// Measured indicators: the values published progress reports recorded, as a
// small inline SVG chart with the same numbers in a table. Process steps (no
// unit) get none of this. Each series is its own small query, sent once the
// action is drawn, so the detail query stays within the API's work budget.

import { query } from "./api.js";
import { h, idPart } from "./dom.js";
import { date } from "./format.js";
import { INDICATOR_SERIES } from "./queries.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 480;
const HEIGHT = 200;
const PAD = { top: 16, right: 20, bottom: 34, left: 64 };

const valueFormat = new Intl.NumberFormat("en-NZ", { maximumFractionDigits: 4 });

/** "1,450.25 places" ("12.5%" for a percentage). */
export function measure(value, unit) {
  const text = valueFormat.format(Number(value));
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Where the values of a measured indicator will be drawn (filled by drawMeasures). */
export function measurePlaceholder(indicator, level) {
  return h(
    "section",
    { class: "measure", "data-measured-indicator": indicator.reference, "aria-label": `Values of ${indicator.reference}` },
    h(`h${level}`, { class: "measure__title", text: `${indicator.reference} — ${indicator.title} (${indicator.unit})` }),
    h("p", { class: "placeholder", text: "Loading the values…" }),
  );
}

/** The points of the chart: baseline, measured values, target, by date. */
function points(indicator) {
  const result = [];
  if (indicator.baseline) result.push({ ...indicator.baseline, kind: "Baseline" });
  for (const value of indicator.values) result.push({ ...value, kind: "Measured" });
  if (indicator.target) result.push({ ...indicator.target, kind: "Target" });
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

function days(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / 86400000;
}

/** A one-sentence description for screen readers (the table has the rest). */
function summary(indicator, series) {
  const unit = indicator.unit;
  const parts = [];
  if (indicator.baseline) parts.push(`baseline ${measure(indicator.baseline.value, unit)} on ${date(indicator.baseline.date)}`);
  const measured = series.filter((point) => point.kind === "Measured");
  if (measured.length) {
    const last = measured[measured.length - 1];
    parts.push(`${measured.length} measured ${measured.length === 1 ? "value" : "values"}, latest ${measure(last.value, unit)} on ${date(last.date)}`);
  } else {
    parts.push("no measured value published yet");
  }
  if (indicator.target) parts.push(`target ${measure(indicator.target.value, unit)} by ${date(indicator.target.date)}`);
  return `${indicator.title}: ${parts.join("; ")}.`;
}

function chart(indicator, series) {
  const values = series.map((point) => Number(point.value));
  const low = Math.min(0, ...values);
  const high = Math.max(...values) || 1;
  const top = high + (high - low) * 0.1;
  const first = days(series[0].date);
  const last = days(series[series.length - 1].date);
  const span = last - first || 1;
  const x = (iso) => PAD.left + ((days(iso) - first) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (value) => PAD.top + (1 - (Number(value) - low) / (top - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const measured = series.filter((point) => point.kind !== "Target");
  const target = series.find((point) => point.kind === "Target");
  const lastMeasured = measured[measured.length - 1];
  const titleId = `measure-title-${idPart(indicator.reference)}`;
  return svg(
    "svg",
    {
      class: "measure__chart",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-labelledby": titleId,
      focusable: "false",
    },
    svg("title", { id: titleId }, summary(indicator, series)),
    // Axes, with the lowest and highest value and the first and last date.
    svg("line", { class: "measure__axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }),
    svg("line", { class: "measure__axis", x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }),
    svg("text", { class: "measure__label", x: PAD.left - 6, y: y(low) + 4, "text-anchor": "end" }, valueFormat.format(low)),
    svg("text", { class: "measure__label", x: PAD.left - 6, y: y(high) + 4, "text-anchor": "end" }, valueFormat.format(high)),
    svg("line", { class: "measure__grid", x1: PAD.left, y1: y(high), x2: WIDTH - PAD.right, y2: y(high) }),
    svg("text", { class: "measure__label", x: PAD.left, y: HEIGHT - 12, "text-anchor": "start" }, date(series[0].date)),
    series.length > 1
      ? svg("text", { class: "measure__label", x: WIDTH - PAD.right, y: HEIGHT - 12, "text-anchor": "end" }, date(series[series.length - 1].date))
      : null,
    // The way still to go: a dashed line from the latest value to the target.
    target && lastMeasured
      ? svg("line", { class: "measure__to-target", x1: x(lastMeasured.date), y1: y(lastMeasured.value), x2: x(target.date), y2: y(target.value) })
      : null,
    measured.length > 1
      ? svg("polyline", { class: "measure__line", points: measured.map((point) => `${x(point.date)},${y(point.value)}`).join(" ") })
      : null,
    series.map((point) => marker(point, x(point.date), y(point.value))),
  );
}

/** Each kind of point has its own shape, not only its own colour. */
function marker(point, cx, cy) {
  if (point.kind === "Target") {
    return svg("path", { class: "measure__target", d: `M${cx} ${cy - 7}L${cx + 7} ${cy}L${cx} ${cy + 7}L${cx - 7} ${cy}Z` });
  }
  if (point.kind === "Baseline") {
    return svg("rect", { class: "measure__baseline", x: cx - 5, y: cy - 5, width: 10, height: 10 });
  }
  return svg("circle", { class: "measure__point", cx, cy, r: 4.5 });
}

function table(indicator, series) {
  return h(
    "div",
    { class: "table-wrap", role: "region", "aria-label": `Values of ${indicator.reference} as a table`, tabindex: "0" },
    h(
      "table",
      { class: "measure__table" },
      h("caption", { text: `Values of ${indicator.reference} (${indicator.unit})` }),
      h("thead", {}, h("tr", {}, ["Date", "Value", "What"].map((text) => h("th", { scope: "col", text })))),
      h(
        "tbody",
        {},
        series.map((point) =>
          h(
            "tr",
            { class: `measure__row measure__row--${point.kind.toLowerCase()}` },
            h("th", { scope: "row", text: date(point.date) }),
            h("td", { text: measure(point.value, indicator.unit) }),
            h("td", { text: point.kind === "Target" ? "Target" : point.kind === "Baseline" ? "Baseline" : "Measured (progress report)" }),
          )),
      ),
    ),
  );
}

/** The chart and its table for one indicator (as the API returns it). */
export function measureFigure(indicator) {
  const series = points(indicator);
  if (!series.length) {
    return h("p", { class: "placeholder", text: "No baseline, target or measured value published yet." });
  }
  return h(
    "figure",
    { class: "measure__figure" },
    chart(indicator, series),
    h(
      "figcaption",
      { class: "measure__legend" },
      h("span", { class: "measure__key measure__key--baseline", "aria-hidden": "true" }), " Baseline ",
      h("span", { class: "measure__key measure__key--measured", "aria-hidden": "true" }), " Measured ",
      h("span", { class: "measure__key measure__key--target", "aria-hidden": "true" }), " Target",
    ),
    table(indicator, series),
  );
}

/** Fill every measured indicator's placeholder in `container`. */
export async function drawMeasures(container, endpoint, signal) {
  const slots = [...container.querySelectorAll("[data-measured-indicator]")];
  await Promise.all(slots.map(async (slot) => {
    const loading = slot.querySelector(".placeholder");
    try {
      const data = await query(endpoint, INDICATOR_SERIES, { reference: slot.dataset.measuredIndicator }, { signal });
      if (signal.aborted) return;
      loading?.replaceWith(data.indicator ? measureFigure(data.indicator) : h("p", { class: "placeholder", text: "No longer published." }));
    } catch (error) {
      if (signal.aborted) return;
      loading?.replaceWith(h("p", { class: "error", text: `The values could not be loaded: ${error.message}` }));
    }
  }));
}
