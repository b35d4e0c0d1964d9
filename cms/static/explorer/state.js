// The explorer's state lives in the URL's query string, so every view can be
// shared, bookmarked and reached with back/forward. Filter parameters have the
// names of the GraphQL filter fields (repeated for several values), the same
// names the CSV export takes.

export const PAGE_SIZE = 20;

// Facets in the order the filter panel shows them. `sort: "count"` lists the
// most frequent values first (long taxonomies); otherwise the API's order.
export const VIEWS = {
  recommendations: {
    noun: "recommendation",
    title: "Recommendations",
    facets: [
      { key: "bodies", label: "UN body" },
      { key: "cycles", label: "Reporting cycle" },
      { key: "actionStatuses", label: "Progress of its actions" },
      { key: "uprResponses", label: "UPR response" },
      { key: "issues", label: "Human-rights issue", sort: "count" },
      { key: "affectedGroups", label: "Affected group", sort: "count" },
      { key: "agencies", label: "Responsible agency", sort: "count" },
      { key: "recommendingStates", label: "Recommending State", sort: "count" },
      { key: "sdgs", label: "Sustainable Development Goal", sort: "count", type: "int" },
    ],
    // Yes/no filters: a select of "any" and these values.
    flags: [
      {
        key: "hasActions",
        label: "Government action",
        options: [
          ["true", "With a published action"],
          ["false", "No published action yet"],
        ],
      },
      {
        key: "followUp",
        label: "Treaty-body follow-up",
        options: [
          ["true", "Only one-year follow-up recommendations"],
          ["false", "Excluding follow-up recommendations"],
        ],
      },
      {
        key: "prioritised",
        label: "Cabinet priority",
        options: [
          ["true", "Only those Cabinet prioritised"],
          ["false", "Not prioritised"],
        ],
      },
    ],
    orders: [
      ["NEWEST", "Newest cycle first"],
      ["REFERENCE", "Cycle and reference"],
    ],
  },
  actions: {
    noun: "action",
    title: "Actions",
    facets: [
      { key: "progressStatuses", label: "Progress" },
      { key: "bodies", label: "UN body" },
      { key: "cycles", label: "Reporting cycle" },
      {
        key: "smart",
        label: "SMART criteria met",
        hint: "Actions that meet every letter you tick.",
      },
      { key: "issues", label: "Human-rights issue", sort: "count" },
      { key: "affectedGroups", label: "Affected group", sort: "count" },
      { key: "agencies", label: "Lead or responsible agency", sort: "count" },
    ],
    flags: [
      {
        key: "overdue",
        label: "Overdue",
        options: [
          ["true", "Past target date or a progress report overdue"],
          ["false", "Not overdue"],
        ],
      },
    ],
    orders: [
      ["NEWEST", "Most recently published first"],
      ["REFERENCE", "Reference"],
    ],
  },
};

const FLAG_KEYS = new Set(
  Object.values(VIEWS).flatMap((view) => view.flags.map((flag) => flag.key)),
);

/** Every filter key of a view (facets and flags). */
export function filterKeys(view) {
  const definition = VIEWS[view];
  return [...definition.facets.map((facet) => facet.key), ...definition.flags.map((flag) => flag.key)];
}

/**
 * The state held by a query string:
 * { view, search, filters: {key: [values]}, past, order, page,
 *   recommendation, action }.
 */
export function parseState(queryString) {
  const params = new URLSearchParams(queryString);
  const view = params.get("view") === "actions" ? "actions" : "recommendations";
  const filters = {};
  for (const key of filterKeys(view)) {
    const values = params
      .getAll(key)
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length) {
      filters[key] = FLAG_KEYS.has(key) ? [values[values.length - 1]] : [...new Set(values)];
    }
  }
  const orders = VIEWS[view].orders.map(([code]) => code);
  const order = params.get("order");
  const page = Number.parseInt(params.get("page") || "1", 10);
  return {
    view,
    search: (params.get("search") || "").trim(),
    filters,
    past: ["1", "true", "yes"].includes(params.get("past")),
    order: order === "RELEVANCE" || orders.includes(order) ? order : "",
    page: Number.isFinite(page) && page > 0 ? page : 1,
    recommendation: params.get("recommendation") || "",
    action: params.get("action") || "",
  };
}

/** The query string of a state ("" or "?…"); the inverse of parseState. */
export function toQuery(state) {
  const params = new URLSearchParams();
  if (state.view === "actions") params.set("view", "actions");
  if (state.search) params.set("search", state.search);
  for (const key of filterKeys(state.view)) {
    for (const value of state.filters[key] || []) params.append(key, value);
  }
  if (state.past) params.set("past", "1");
  if (state.order) params.set("order", state.order);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.recommendation) params.set("recommendation", state.recommendation);
  if (state.action) params.set("action", state.action);
  const text = params.toString();
  return text ? `?${text}` : "?";
}

/** A copy of `state` with `changes`; filters are copied, not shared. */
export function withState(state, changes) {
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) filters[key] = [...values];
  return { ...state, filters, ...changes };
}

/** The list a detail view was opened from. */
export function listState(state) {
  return withState(state, { recommendation: "", action: "" });
}

/** A fresh list state: no search, no filters except `filters`. */
export function freshState(view, { filters = {}, past = false } = {}) {
  return {
    view, search: "", filters, past, order: "", page: 1, recommendation: "", action: "",
  };
}

/**
 * The same search and the filters both views share, on the other view:
 * "show the actions of what I am looking at".
 */
export function switchView(state, view) {
  const keys = new Set(filterKeys(view));
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) {
    if (keys.has(key)) filters[key] = [...values];
  }
  return { ...freshState(view, { filters, past: state.past }), search: state.search };
}

/** How many filter values are chosen. */
export function chosenCount(state) {
  return Object.values(state.filters).reduce((total, values) => total + values.length, 0);
}

/** The GraphQL filter input of a list state. */
export function graphqlFilter(state) {
  const definition = VIEWS[state.view];
  const filter = {};
  for (const facet of definition.facets) {
    const values = state.filters[facet.key];
    if (!values?.length) continue;
    filter[facet.key] = facet.type === "int" ? values.map(Number).filter(Number.isInteger) : values;
  }
  for (const flag of definition.flags) {
    const [value] = state.filters[flag.key] || [];
    if (value === "true" || value === "false") filter[flag.key] = value === "true";
  }
  if (!state.past) filter.currentCycleOnly = true;
  return filter;
}

/** The order to ask for: the chosen one, else best match or newest. */
export function effectiveOrder(state) {
  if (state.order && (state.order !== "RELEVANCE" || state.search)) return state.order;
  return state.search ? "RELEVANCE" : "NEWEST";
}

/**
 * The CSV export of exactly what the list shows: the filter, search words and
 * order of the list's GraphQL request, as query parameters of the same names
 * (the export reads them with the same filter input).
 */
export function exportLink(state, baseUrl) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(graphqlFilter(state))) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  if (state.search) params.set("search", state.search);
  params.set("order", effectiveOrder(state));
  const path = baseUrl.replace(/recommendations(\.csv)$/, `${state.view}$1`);
  return `${path}?${params}`;
}

/** Split "CYCLE/REFERENCE" (a reference may itself contain "/"). */
export function splitNaturalKey(key) {
  const slash = key.indexOf("/");
  return slash < 0 ? { cycle: "", reference: key } : {
    cycle: key.slice(0, slash),
    reference: key.slice(slash + 1),
  };
}
