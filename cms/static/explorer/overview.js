// The overview: per reporting cycle, a bar of its actions by progress status.

import { h, replace } from "./dom.js";
import { PROGRESS_STATUSES, count, date, label, number } from "./format.js";
import { STATUS_CLASS, stateLink } from "./parts.js";
import { freshState } from "./state.js";

function cycleCounts(data, alias) {
  const counts = new Map();
  for (const value of data[alias]?.facets.cycles || []) counts.set(value.code, value.count);
  return counts;
}

/** One row per cycle: a bar of actions by status and the counts as links. */
export function renderOverview(container, data, state) {
  const byStatus = {
    IN_PREPARATION: cycleCounts(data, "inPreparation"),
    IN_PROGRESS: cycleCounts(data, "inProgress"),
    COMPLETED: cycleCounts(data, "completed"),
  };
  const recommendations = cycleCounts(data, "recommendations");
  const withActions = cycleCounts(data, "withActions");
  const cycles = [...data.reportingCycles]
    .filter((cycle) => recommendations.get(cycle.code))
    .sort((a, b) => (b.receivedOn || "").localeCompare(a.receivedOn || ""));
  if (!cycles.length) {
    replace(container, h("p", { class: "placeholder", text: "Nothing has been published yet." }));
    return;
  }
  const list = h("ul", { class: "cycles" });
  for (const cycle of cycles) {
    const total = PROGRESS_STATUSES.reduce((sum, status) => sum + (byStatus[status].get(cycle.code) || 0), 0);
    const past = state.past || !cycle.isCurrent;
    const bar = h("div", { class: "bar", "aria-hidden": "true" });
    const links = [];
    for (const status of PROGRESS_STATUSES) {
      const value = byStatus[status].get(cycle.code) || 0;
      if (value) {
        const segment = h("span", { class: `bar__segment bar__segment--${STATUS_CLASS[status]}` });
        segment.style.flexGrow = String(value);
        bar.append(segment);
      }
      const target = freshState("actions", {
        filters: { cycles: [cycle.code], progressStatuses: [status] },
        past,
      });
      links.push(
        h(
          "li",
          { class: `legend__item legend__item--${STATUS_CLASS[status]}` },
          h("span", { class: "legend__swatch", "aria-hidden": "true" }),
          value ? stateLink(target, `${number(value)} ${label(status).toLowerCase()}`)
            : `0 ${label(status).toLowerCase()}`,
        ),
      );
    }
    if (!total) bar.append(h("span", { class: "bar__empty" }));
    const recommendationTotal = recommendations.get(cycle.code) || 0;
    const responded = withActions.get(cycle.code) || 0;
    list.append(
      h(
        "li",
        { class: "cycle" },
        h(
          "div",
          { class: "cycle__label" },
          h(
            "h3",
            { class: "cycle__name" },
            stateLink(freshState("recommendations", { filters: { cycles: [cycle.code] }, past }), cycle.name),
          ),
          h(
            "p",
            { class: "cycle__meta" },
            `${number(responded)} of ${count(recommendationTotal, "recommendation")} `,
            `${responded === 1 ? "has" : "have"} a published action`,
            cycle.receivedOn ? ` · received ${date(cycle.receivedOn)}` : "",
          ),
        ),
        h(
          "div",
          { class: "cycle__progress" },
          bar,
          h(
            "ul",
            { class: "legend" },
            h(
              "li",
              { class: "legend__total" },
              stateLink(freshState("actions", { filters: { cycles: [cycle.code] }, past }), count(total, "action")),
              ":",
            ),
            links,
          ),
        ),
      ),
    );
  }
  replace(container, list);
}
