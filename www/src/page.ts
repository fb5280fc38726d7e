// The base of every page component: the root hands it a Ctx and bumps `revision`
// after each saved change, which re-renders it from fresh engine views.
import { LitElement } from "lit";
import { FormFocus, attempt, type Ctx, type FormError } from "./forms.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";

export class PageElement extends LitElement {
  static properties = {
    ctx: { attribute: false },
    revision: { type: Number },
    error: { state: true },
    busy: { state: true },
  };
  static styles = [shared];

  declare ctx: Ctx;
  declare revision: number;
  /** The last save's error, shown next to its field. */
  declare error: FormError | undefined;
  /** True while a save is pending (forms may say so; nothing is disabled for it). */
  declare busy: boolean;

  private formFocus = new FormFocus();

  protected updated(_changed: Map<string, unknown>) {
    // The shared styles hide `.edit` controls under :host([readonly]).
    this.toggleAttribute("readonly", this.ctx?.readonly ?? false);
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  constructor() {
    super();
    this.busy = false;
  }

  /** The save running now and what it saves: the same save asked for again (a second
   * click or Enter) joins it instead of saving twice (buttons are never disabled for it:
   * a disabled button loses the focus); another save waits for it, then runs. */
  private running: { key: string; done: Promise<FormError | undefined> } | undefined;

  /** Runs a save with the page marked busy; its error to show, or undefined if saved.
   * `key` names what is saved (default: the page's form). */
  protected saving(run: () => Promise<unknown>, key = "form"): Promise<FormError | undefined> {
    if (this.running?.key === key) return this.running.done;
    const before = this.running?.done;
    this.busy = true;
    const done: Promise<FormError | undefined> = (before ?? Promise.resolve(undefined))
      .then(() => attempt(run))
      .finally(() => {
        if (this.running?.done !== done) return;
        this.busy = false;
        this.running = undefined;
      });
    this.running = { key, done };
    return done;
  }
}
