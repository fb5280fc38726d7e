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
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  constructor() {
    super();
    this.busy = false;
  }

  /** The save running now, which a second click or Enter joins instead of saving
   * twice (buttons are never disabled for it: a disabled button loses the focus). */
  private running: Promise<FormError | undefined> | undefined;

  /** Runs a save with the page marked busy; its error to show, or undefined if saved. */
  protected saving(run: () => Promise<unknown>): Promise<FormError | undefined> {
    if (this.running) return this.running;
    this.busy = true;
    this.running = attempt(run).finally(() => {
      this.busy = false;
      this.running = undefined;
    });
    return this.running;
  }
}
