// Starts GraphiQL on /graphql/ with the scripts served by the site itself
// (react, react-dom, graphiql, the explorer plugin: see README.md here).
// Strawberry's own page does the same from a CDN with an inline script; this
// file replaces that script so the Content-Security-Policy can stay 'self'.
/* global GraphiQL, GraphiQLPluginExplorer, React, ReactDOM */
(function () {
  "use strict";

  const EXAMPLE_QUERY = `# The public API of the Human Rights Monitor.
#
# Type a query on this side (Ctrl-Space completes, Ctrl-Enter runs it);
# the documentation of every type and field is behind the book icon.
#
# For example, the first three current recommendations with their actions:
#
# {
#   recommendations(limit: 3, filter: {currentCycleOnly: true}) {
#     totalCount
#     items { reference title cycle { code } actions { reference title } }
#   }
# }
`;

  // The query, variables and headers are kept in the address (?q=...), so a
  // query can be shared as a link. "q", not "query": /graphql/?query= runs it.
  const parameters = {};
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    parameters[key] = value;
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(parameters)) {
      if (value) search.set(key, value);
    }
    const query = search.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  function cookie(name) {
    for (const part of document.cookie.split(";")) {
      const [key, ...rest] = part.trim().split("=");
      if (key === name) return decodeURIComponent(rest.join("="));
    }
    return null;
  }

  // A signed-in editor's browser sends the session cookie, so Django checks
  // CSRF on the POST; anonymous visitors have no token and need none.
  const headers = {};
  const csrfToken = cookie("csrftoken");
  if (csrfToken) headers["x-csrftoken"] = csrfToken;

  const fetcher = GraphiQL.createFetcher({
    url: window.location.href.split("?")[0],
    headers,
  });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Page() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    const [editorHeaders, setEditorHeaders] = React.useState(parameters.headers);

    return React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorer],
      query,
      variables,
      headers: editorHeaders,
      onEditQuery(value) {
        setQuery(value);
        updateURL({ q: value });
      },
      onEditVariables(value) {
        setVariables(value);
        updateURL({ variables: value });
      },
      onEditHeaders: setEditorHeaders,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(Page),
  );
})();
