// The filter panel (facet checkboxes, yes/no selects) and the chosen filters.

import { h, hidden, idPart, replace } from "./dom.js";
import { number } from "./format.js";
import { VIEWS } from "./state.js";

const COLLAPSED_SIZE = 8;

function facetValues(facet, values, chosen) {
  let sorted = [...values];
  if (facet.sort === "count") {
    sorted.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
  // Chosen values first among equals would move them; keep the order and
  // make sure they show when the list is collapsed.
  return sorted.filter((value) => value.count > 0 || chosen.has(value.code) || facet.key === "smart");
}

/** The facet checkboxes and yes/no selects of the view. */
export function renderFilters(container, state, facets, expanded) {
  const definition = VIEWS[state.view];
  const nodes = [];
  for (const facet of definition.facets) {
    const chosen = new Set(state.filters[facet.key] || []);
    const values = facetValues(facet, facets[facet.key] || [], chosen);
    if (!values.length) continue;
    const isExpanded = expanded.has(facet.key);
    const shown = isExpanded || values.length <= COLLAPSED_SIZE + 2
      ? values
      : values.filter((value, index) => index < COLLAPSED_SIZE || chosen.has(value.code));
    const legendId = `facet-${facet.key}-legend`;
    const fieldset = h(
      "fieldset",
      { class: "facet", id: `facet-${facet.key}` },
      h("legend", { id: legendId, text: facet.label }),
      facet.hint ? h("p", { class: "hint", text: facet.hint }) : null,
    );
    const list = h("ul", { class: "facet__values" });
    for (const value of shown) {
      const id = `f-${facet.key}-${idPart(value.code)}`;
      const name = facet.key === "smart" ? `${value.code} — ${value.name}` : value.name;
      list.append(
        h(
          "li",
          { class: "facet__value" },
          h("input", {
            type: "checkbox",
            id,
            name: facet.key,
            value: value.code,
            checked: chosen.has(value.code),
            dataset: { facet: facet.key },
          }),
          h(
            "label",
            { for: id },
            h("span", { class: "facet__name", text: name }),
            " ",
            h("span", { class: "facet__count", text: `(${number(value.count)})` }),
          ),
        ),
      );
    }
    fieldset.append(list);
    const buttons = h("p", { class: "facet__buttons" });
    if (values.length > shown.length || isExpanded) {
      if (values.length > COLLAPSED_SIZE + 2) {
        buttons.append(
          h(
            "button",
            {
              type: "button",
              class: "link-button",
              id: `more-${facet.key}`,
              "aria-expanded": String(isExpanded),
              dataset: { more: facet.key },
            },
            isExpanded ? "Show fewer" : `Show all ${number(values.length)}`,
            hidden(` ${facet.label.toLowerCase()} values`),
          ),
        );
      }
    }
    if (chosen.size) {
      buttons.append(
        h(
          "button",
          { type: "button", class: "link-button", id: `clear-${facet.key}`, dataset: { clear: facet.key } },
          "Clear",
          hidden(` ${facet.label.toLowerCase()}`),
        ),
      );
    }
    if (buttons.childNodes.length) fieldset.append(buttons);
    nodes.push(fieldset);
  }
  for (const flag of definition.flags) {
    const id = `flag-${flag.key}`;
    const [value = ""] = state.filters[flag.key] || [];
    const select = h(
      "select",
      { id, dataset: { flag: flag.key } },
      h("option", { value: "", text: "Any" }),
      flag.options.map(([optionValue, text]) =>
        h("option", { value: optionValue, text, selected: optionValue === value }),
      ),
    );
    nodes.push(h("div", { class: "field facet facet--flag" }, h("label", { for: id, text: flag.label }), select));
  }
  replace(container, nodes);
}

/** A name for every chosen value, from the facets (chosen values are always listed). */
export function chosenNames(state, facets) {
  const names = new Map();
  for (const facet of VIEWS[state.view].facets) {
    for (const value of facets[facet.key] || []) names.set(`${facet.key}:${value.code}`, value.name);
  }
  for (const flag of VIEWS[state.view].flags) {
    for (const [value, text] of flag.options) names.set(`${flag.key}:${value}`, text);
  }
  return names;
}

/** The chosen filters as removable chips, and "Clear all". */
export function renderChosen(container, state, facets) {
  const definition = VIEWS[state.view];
  const names = chosenNames(state, facets);
  const items = [];
  const labels = Object.fromEntries(
    [...definition.facets, ...definition.flags].map((item) => [item.key, item.label]),
  );
  for (const [key, values] of Object.entries(state.filters)) {
    for (const value of values) {
      const name = names.get(`${key}:${value}`) || value;
      items.push(
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "chip",
              id: `remove-${key}-${idPart(value)}`,
              dataset: { removeKey: key, removeValue: value },
            },
            hidden("Remove filter "),
            h("span", { class: "chip__key", text: `${labels[key]}: ` }),
            name,
            h("span", { class: "chip__x", "aria-hidden": "true", text: " ×" }),
          ),
        ),
      );
    }
  }
  if (state.search) {
    items.unshift(
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "chip", id: "remove-search", dataset: { removeKey: "search" } },
          hidden("Remove "),
          h("span", { class: "chip__key", text: "Search: " }),
          state.search,
          h("span", { class: "chip__x", "aria-hidden": "true", text: " ×" }),
        ),
      ),
    );
  }
  if (!items.length) {
    container.replaceChildren();
    return;
  }
  replace(
    container,
    h(
      "div",
      { class: "chosen" },
      h("h3", { class: "visually-hidden", text: "Chosen filters" }),
      h("ul", { class: "chosen__list" }, items),
      h("button", { type: "button", class: "link-button", id: "clear-all", dataset: { clearAll: "true" } }, "Clear all filters"),
    ),
  );
}
