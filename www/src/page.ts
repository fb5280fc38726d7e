// The base of every page component: the root hands it a Ctx and bumps `revision`
// after each saved change, which re-renders it from fresh engine views.
import { LitElement } from "lit";
import { attempt, type Ctx, type FormError } from "./forms.js";
import { shared } from "./styles.js";

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
  /** True while a save is pending, so a double click cannot save twice. */
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  /** Runs a save with the page marked busy; its error to show, or undefined if saved. */
  protected async saving(run: () => Promise<unknown>): Promise<FormError | undefined> {
    this.busy = true;
    try {
      return await attempt(run);
    } finally {
      this.busy = false;
    }
  }
}
