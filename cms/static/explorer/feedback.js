// The feedback form under a published recommendation. It posts to the site's
// own endpoint (never the GraphQL API): feedback is private correspondence to
// the lead agency, which decides whether to share it with the agencies.

import { h, replace } from "./dom.js";

const TEXT_MAX = 2000;
const NAME_MAX = 200;

function field(id, label, control, hint) {
  return h(
    "div",
    { class: "feedback__field" },
    h("label", { for: id, text: label }),
    hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null,
    control,
    h("p", { class: "feedback__error", id: `${id}-error`, hidden: true }),
  );
}

/** Ask the endpoint for a CSRF token: only people about to write get the cookie. */
async function csrfToken(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return (await response.json()).csrfToken;
}

function showErrors(form, errors) {
  for (const element of form.querySelectorAll(".feedback__error")) {
    element.hidden = true;
    element.textContent = "";
  }
  let first = null;
  for (const [name, list] of Object.entries(errors || {})) {
    const error = form.querySelector(`#feedback-${name}-error`);
    const control = form.querySelector(`#feedback-${name}`);
    if (!error || !control) continue;
    error.textContent = list.map((item) => item.message).join(" ");
    error.hidden = false;
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", `feedback-${name}-error`);
    first = first || control;
  }
  first?.focus();
}

async function submit(event, url, status) {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  replace(status);
  status.className = "feedback__status";
  try {
    const data = new FormData(form);
    data.set("csrfmiddlewaretoken", await csrfToken(url));
    const response = await fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const payload = await response.json().catch(() => ({}));
    if (response.ok) {
      form.reset();
      showErrors(form, {});
      status.classList.add("notice");
    } else {
      showErrors(form, payload.errors);
      status.classList.add("notice", "notice--error");
    }
    replace(status, payload.message || `The server answered ${response.status}.`);
  } catch (error) {
    status.classList.add("notice", "notice--error");
    replace(status, `Your feedback could not be sent: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

/** The "Tell the government what you think" section for one recommendation. */
export function feedbackSection(recommendation, feedbackUrl) {
  const url = `${feedbackUrl}${encodeURIComponent(recommendation.id)}/`;
  const status = h("div", { class: "feedback__status", id: "feedback-status", role: "status", "aria-live": "polite" });
  return h(
    "section",
    { class: "detail__section feedback", "aria-labelledby": "feedback-heading" },
    h("h3", { id: "feedback-heading", text: "Tell the government what you think" }),
    h("p", {
      text: "Your feedback goes to the lead agency for this recommendation. It is not published. "
        + "Name, organisation and e-mail are optional.",
    }),
    h(
      "form",
      { class: "feedback__form", id: "feedback-form", novalidate: true, onsubmit: (event) => submit(event, url, status) },
      field("feedback-text", "Your feedback (required)",
        h("textarea", { id: "feedback-text", name: "text", rows: "6", maxlength: String(TEXT_MAX), required: true, "aria-describedby": "feedback-text-hint" }),
        `At most ${TEXT_MAX.toLocaleString("en-NZ")} characters.`),
      field("feedback-name", "Name", h("input", { id: "feedback-name", name: "name", type: "text", maxlength: String(NAME_MAX), autocomplete: "name" })),
      field("feedback-organisation", "Organisation",
        h("input", { id: "feedback-organisation", name: "organisation", type: "text", maxlength: String(NAME_MAX), autocomplete: "organization" })),
      field("feedback-email", "E-mail", h("input", { id: "feedback-email", name: "email", type: "email", autocomplete: "email" }),
        "Only if you would like a reply."),
      // The honeypot: hidden from people (and screen readers); bots fill it.
      h(
        "div",
        { class: "feedback__trap", "aria-hidden": "true" },
        h("label", { for: "feedback-website", text: "Leave this empty" }),
        h("input", { id: "feedback-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off" }),
      ),
      h(
        "div",
        { class: "checkbox feedback__consent" },
        h("input", { id: "feedback-consent_to_share", name: "consent_to_share", type: "checkbox", value: "on" }),
        h("label", {
          for: "feedback-consent_to_share",
          text: "The lead agency may share my feedback, with my name, organisation and e-mail, "
            + "with the agencies responsible for this recommendation.",
        }),
      ),
      h("button", { type: "submit", text: "Send feedback" }),
    ),
    status,
  );
}
