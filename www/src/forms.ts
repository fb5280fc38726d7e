// Form plumbing shared by every form: reading values, and showing the engine's
// validation error next to the field it names (or above the form when it names none).
import { html, nothing, type TemplateResult } from "lit";
import { asAuditError, type AuditApp, type Command, type DispatchResult } from "./engine.js";
import { language, t, tKey } from "./i18n.js";
import { tHtml } from "./i18n-html.js";

export type Route =
  | { view: "programmes" }
  | { view: "programme"; id: string; section?: ProgrammeSection }
  | { view: "audit"; id: string; findingId?: string }
  | { view: "conduct"; id: string; section?: ConductSection }
  | { view: "audit-plan"; id: string }
  | { view: "catalog"; catalogId?: string; criterionId?: string }
  | { view: "soas" }
  | { view: "soa"; id: string }
  | { view: "criteria-sets" }
  | { view: "criteria-set"; id: string }
  | { view: "trail" }
  | { view: "actions" }
  | { view: "auditors"; id?: string };

/** The views of a programme (ISO 19011 clause 5). */
export type ProgrammeSection = "overview" | "monitoring" | "calendar" | "coverage" | "risks" | "time" | "review" | "competence";

/** The sections of conducting an audit (ISO 19011 6.2-6.4). */
export type ConductSection = "initiation" | "team" | "documents" | "plan" | "meetings" | "communications";

/** What every page component gets from the root element. */
export interface Ctx {
  app: AuditApp;
  /** Saves a command and refreshes every view. */
  dispatch(command: Command): Promise<DispatchResult>;
  /** Attaches a file to an evidence entry (hashed and stored with it), as `dispatch`. */
  attachFile(evidenceId: string, file: File): Promise<DispatchResult>;
  /** Moves to another screen (asking first when something typed is unsaved). */
  navigate(route: Route): void;
  /** The address of a screen, for a link that can be shared (`#/audit/ID`). */
  href(route: Route): string;
  /** The element is read-only (attribute `readonly`): controls that change data, marked
   * `class="edit"`, are hidden, and `dispatch` refuses with code `read_only`. */
  readonly: boolean;
}

export interface FormError {
  /** The engine's error code, when the engine raised it. */
  code?: string;
  field?: string;
  message: string;
  /** One line per problem, e.g. each bad line of an imported file. */
  details?: string[];
  /** The message is the page's own, already in the page's language (not the engine's). */
  localized?: boolean;
}

/** Runs a save; returns the error to show, or undefined when it was saved. */
export async function attempt(save: () => Promise<unknown>): Promise<FormError | undefined> {
  try {
    await save();
    return undefined;
  } catch (e) {
    return asFormError(e);
  }
}

/** What was thrown (by the engine or the page), as an error to show. */
export function asFormError(e: unknown): FormError {
  const error = asAuditError(e);
  const localized = (error as { localized?: boolean }).localized;
  return { code: error.code, field: error.field, message: error.message, details: error.details, localized };
}

/** Whether an error is shown as the sentence for its code (`errors.<code>`) with the
 * engine's English message below it: in every language but English, for an engine error. */
function translated(error: FormError): string | undefined {
  if (language() === "en" || error.localized || !error.code) return undefined;
  const sentence = tKey(`errors.${error.code}`);
  return sentence === `errors.${error.code}` ? undefined : sentence;
}

/** What an error says to a person. In English the engine's message, as it gives it; in
 * another language the sentence for its code, then the engine's message (marked as
 * English) in a muted line, unless the message is that sentence already. */
export function errorText(error: FormError): TemplateResult | string {
  const sentence = translated(error);
  if (sentence === undefined || sentence === error.message) return error.message;
  return html`${sentence}<div class="muted error-detail">${tHtml("errors.details", { message: html`<span lang="en">${error.message}</span>` })}</div>`;
}

/** Asks before deleting `what`; deletions stay recorded in the audit trail. */
export function confirmDelete(what: string): boolean {
  return confirm(t("common.confirm_delete", { what }));
}

/** Offers `text` as a file download; a blob URL, so no request leaves the page. */
export function download(name: string, type: string, text: string) {
  downloadBytes(name, type, text);
}

/** Offers a file's text or bytes as a download. */
export function downloadBytes(name: string, type: string, content: string | Uint8Array<ArrayBuffer>) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The text of the file chosen in a file input, or undefined if none was chosen. */
export async function chosenText(input: HTMLInputElement): Promise<string | undefined> {
  const file = input.files?.[0];
  return file ? file.text() : undefined;
}

/** The named controls of a form as strings (checkboxes as "on" or ""). */
export function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** One entry per line or comma, blanks dropped. */
export function lines(text: string | undefined): string[] {
  return (text ?? "").split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

/** A labelled control with its error, wired for screen readers. */
export function field(
  error: FormError | undefined,
  name: string,
  label: string,
  control: (invalid: "true" | "false", describedBy: string) => TemplateResult,
  hint?: string,
): TemplateResult {
  const here = error?.field === name;
  return html`<div class="field">
    <label for=${name}>${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
    ${control(here ? "true" : "false", here ? `${name}-error` : "")}
    ${here ? html`<div class="field-error" id="${name}-error" role="alert">${errorText(error)}</div>` : nothing}
  </div>`;
}

/** The error banner for errors that name no field of this form. */
export function formError(error: FormError | undefined, fields: string[] = []): TemplateResult | typeof nothing {
  if (!error || (error.field && fields.includes(error.field))) return nothing;
  const details = error.details ?? [];
  const english = translated(error) !== undefined ? "en" : nothing;
  return html`<div class="banner error" role="alert">${errorText(error)}
    ${details.length > 1 ? html`<ul class="details" lang=${english}>${details.map((d) => html`<li>${d}</li>`)}</ul>` : nothing}
  </div>`;
}

/** The innermost focused element, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * What the user typed and has not saved yet, for one app element. Every screen gets it
 * without code of its own: `input` events cross shadow roots, so the root sees them all.
 * - A control inside a `<form>` makes the form unsaved until the form leaves the page
 *   (saved and closed, or cancelled) or a save from inside it succeeds (`saved()`: the
 *   form holding the focus, or whose button was clicked last).
 * - A control outside a form saves itself on `change` (a checklist note, an SoA row),
 *   which comes before focus leaves it: it is unsaved while it has the focus after an
 *   input (focus events within one shadow root never reach the root, so the focus is
 *   checked when asked rather than followed).
 * - Search boxes (`type="search"`) and controls inside `.filters` are never unsaved.
 * The root asks before in-app navigation and warns on reload (`beforeunload`) while
 * `describe()` names anything.
 */
export class UnsavedEdits {
  private forms = new Set<HTMLFormElement>();
  private controls = new Set<Control>();
  /** The form whose button was clicked last: the save it starts may end after the focus
   * has left the form (the button re-rendered away), so `saved()` cannot rely on focus. */
  private clicked: HTMLFormElement | null = null;

  constructor(root: HTMLElement) {
    root.addEventListener("click", (event) => {
      const target = event.composedPath()[0];
      const button = target instanceof Element ? target.closest("button") : null;
      if (button?.form) this.clicked = button.form;
    });
    root.addEventListener("input", (event) => {
      const control = event.composedPath()[0] as Control;
      if (!("value" in control) || control instanceof HTMLButtonElement) return;
      // Filters and search boxes only change what is shown: nothing to lose.
      if (control.type === "search" || control.closest(".filters")) return;
      if (control.form) this.forms.add(control.form);
      else this.controls.add(control);
    });
  }

  /** A save succeeded: the form it was made from (the one holding the focus) is saved. */
  saved() {
    const active = deepActiveElement() as Control | HTMLButtonElement | null;
    if (active && "form" in active && active.form) this.forms.delete(active.form);
    if (this.clicked) this.forms.delete(this.clicked);
    this.clicked = null;
  }

  /** Forgets everything, e.g. when the user chose to leave without saving. */
  discard() {
    this.forms.clear();
    this.controls.clear();
  }

  /** What is unsaved, in the user's words ("the form “New finding”"), or [] if nothing. */
  describe(): string[] {
    for (const form of this.forms) if (!form.isConnected) this.forms.delete(form);
    const focused = deepActiveElement();
    for (const control of this.controls) if (control !== focused) this.controls.delete(control);
    const named = (el: Element, fallback: string) => el.getAttribute("aria-label") ?? (el as Control).labels?.[0]?.textContent?.trim() ?? fallback;
    return [
      ...[...this.forms].map((f) => t("records.unsaved.form", { name: named(f, t("records.unsaved.unnamed")) })),
      ...[...this.controls].map((c) => t("records.unsaved.control", { name: named(c, c.id) })),
    ];
  }

  /** True when nothing is unsaved or the user agrees to drop it. */
  mayLeave(): boolean {
    const unsaved = this.describe();
    if (unsaved.length === 0) return true;
    const leave = confirm(t("records.unsaved.leave", { what: unsaved.join(", ") }));
    if (leave) this.discard();
    return leave;
  }
}

/**
 * Moves the focus into a form that has just opened ("New audit programme", "Add
 * finding", "Edit plan"), so keyboard users land in it rather than on the page's body
 * when the button that opened it went away. Call `after(root)` from `updated()`; the
 * first call only notes the forms that were there from the start.
 */
export class FormFocus {
  private seen = new WeakSet<HTMLFormElement>();
  private started = false;

  after(root: ParentNode & Node) {
    const opened = [...root.querySelectorAll("form")].filter((form) => !this.seen.has(form));
    opened.forEach((form) => this.seen.add(form));
    if (!this.started) {
      this.started = true;
      return;
    }
    const active = deepActiveElement();
    const userWasHere = !active || active === document.body || root.contains(active);
    if (opened.length !== 1 || !userWasHere) return;
    opened[0].querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button")?.focus();
  }
}
