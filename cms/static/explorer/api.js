// The one way the explorer talks to the server: GraphQL queries sent as GET,
// so that the server's and the browser's HTTP caches can answer them.

export class ApiError extends Error {
  /** `code`: the GraphQL error's `extensions.code` (BAD_USER_INPUT…), if any. */
  constructor(message, code = "") {
    super(message);
    this.code = code;
  }
}

/** The document with its whitespace collapsed: shorter URLs, stable cache keys. */
export function compact(document) {
  return document.replace(/\s+/g, " ").trim();
}

/** Variables without null or empty values (the same request, the same URL). */
function cleanVariables(variables) {
  const clean = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value === null || value === undefined || value === "") continue;
    clean[name] = value;
  }
  return clean;
}

/** The GET URL of a query. */
export function queryUrl(endpoint, document, variables = {}) {
  const url = new URL(endpoint, window.location.href);
  url.searchParams.set("query", compact(document));
  const clean = cleanVariables(variables);
  if (Object.keys(clean).length) url.searchParams.set("variables", JSON.stringify(clean));
  return url;
}

/**
 * Run a query and return its `data`. Always anonymous (`credentials: "omit"`):
 * the explorer shows what the public sees, even to a signed-in editor.
 */
export async function query(endpoint, document, variables = {}, { signal } = {}) {
  const response = await fetch(queryUrl(endpoint, document, variables), {
    credentials: "omit",
    headers: { Accept: "application/json" },
    signal,
  });
  let payload;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}.`);
  }
  if (payload.errors?.length) {
    throw new ApiError(
      payload.errors.map((error) => error.message).join(" "),
      payload.errors[0].extensions?.code || "",
    );
  }
  if (!response.ok) throw new ApiError(`The server answered ${response.status}.`);
  return payload.data;
}
