// Small DOM helpers: build elements without HTML strings, and clean the one
// kind of HTML the API returns (progress report bodies).

/**
 * Create an element. `attributes` may hold `class`, `text`, `dataset`,
 * `on<event>` handlers, boolean attributes (true/false) and plain strings;
 * null and undefined are skipped. Children are nodes or strings (text).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") {
      element.textContent = value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Append nodes, strings and (nested) arrays of them; skip empty values. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace the children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Text only screen readers read. */
export function hidden(text) {
  return h("span", { class: "visually-hidden", text });
}

/** A string usable in an id attribute for any facet value. */
export function idPart(value) {
  return String(value).replace(
    /[^A-Za-z0-9-]/g,
    (character) => `_${character.codePointAt(0).toString(16)}`,
  );
}

// Rich text -------------------------------------------------------------------

// Wagtail's rich text features; anything else is unwrapped to its text.
const KEEP = new Set([
  "P", "BR", "STRONG", "B", "EM", "I", "U", "UL", "OL", "LI", "BLOCKQUOTE",
  "A", "CODE", "SUB", "SUP", "HR",
]);
// Dropped with everything inside them.
const DROP = new Set([
  "SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "NOSCRIPT",
  "SVG", "MATH", "FORM", "INPUT", "BUTTON", "TEXTAREA", "SELECT", "LINK", "META",
]);
// Headings inside a report would break the page's outline: they become bold
// paragraphs.
const HEADINGS = new Set(["H1", "H2", "H3", "H4", "H5", "H6"]);

/**
 * `value` as an absolute URL if it is safe to follow (http, https or mailto),
 * else null: a `javascript:` or `data:` URL must never become a link.
 */
export function safeHref(value) {
  try {
    const url = new URL(value, window.location.href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function cleanInto(source, target) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(node.textContent));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = node.tagName.toUpperCase();
    if (DROP.has(tag)) continue;
    if (HEADINGS.has(tag)) {
      const paragraph = h("p", {}, cleanInto(node, h("strong")));
      target.append(paragraph);
    } else if (KEEP.has(tag)) {
      const copy = document.createElement(tag.toLowerCase());
      if (tag === "A") {
        const href = safeHref(node.getAttribute("href") || "");
        if (href) copy.setAttribute("href", href);
      }
      target.append(cleanInto(node, copy));
    } else {
      cleanInto(node, target);
    }
  }
  return target;
}

/**
 * A fragment holding `html` reduced to a small set of formatting elements,
 * with no attributes except safe link targets. Parsed in an inert <template>,
 * so nothing in it runs or loads.
 */
export function richText(html) {
  const template = document.createElement("template");
  template.innerHTML = html || "";
  return cleanInto(template.content, document.createDocumentFragment());
}
