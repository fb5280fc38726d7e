// Backups taken in this browser, and the reminder to take one. The data lives only in
// this browser, so a backup file is the user's only copy elsewhere: the page remembers
// (in localStorage, per workspace, like the change count the engine keeps) when the last
// backup was written and at which trail entry, and reminds after a chosen number of
// days or changes.
import type { AuditApp } from "./engine.js";
import { download } from "./forms.js";
import { today } from "./labels.js";
import { t } from "./i18n.js";

/** When the last backup of a workspace was written in this browser. */
export interface LastBackup {
  /** ISO date and time. */
  at: string;
  /** The trail length it covered. */
  seq: number;
}

/** After how many days or changes since the last backup to remind; 0 turns that off. */
export interface ReminderSettings {
  days: number;
  changes: number;
}

export const DEFAULT_REMINDER: ReminderSettings = { days: 7, changes: 200 };
/** A workspace never backed up in this browser is first reminded after this many changes. */
const FIRST_REMINDER_CHANGES = 20;
/** "Remind me tomorrow". */
const SNOOZE_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Fired on the element that took a backup, so the root re-checks the reminder. */
export const BACKUP_TAKEN_EVENT = "isms-audit:backup-taken";

const lastKey = (workspace: string) => `isms-audit:last-backup:${workspace}`;
const settingsKey = (workspace: string) => `isms-audit:backup-reminder:${workspace}`;
const snoozeKey = (workspace: string) => `isms-audit:backup-snoozed:${workspace}`;

/** A stored JSON value, or undefined when missing or unreadable (a preference only). */
function stored<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

/** Remembers a preference; a refusal (storage disabled or full) only loses the reminder. */
function remember(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // The reminder is a convenience; the workspace itself is unaffected.
  }
}

export function lastBackup(app: AuditApp): LastBackup | undefined {
  const last = stored<LastBackup>(lastKey(app.name));
  // A workspace deleted and started again under the same name has a shorter trail.
  if (!last || typeof last.at !== "string" || !(last.seq <= app.trailLength)) return undefined;
  return last;
}

export function reminderSettings(workspace: string): ReminderSettings {
  const s = stored<Partial<ReminderSettings>>(settingsKey(workspace));
  const count = (n: unknown, fallback: number) => (Number.isInteger(n) && (n as number) >= 0 ? (n as number) : fallback);
  return { days: count(s?.days, DEFAULT_REMINDER.days), changes: count(s?.changes, DEFAULT_REMINDER.changes) };
}

export function saveReminderSettings(workspace: string, settings: ReminderSettings) {
  remember(settingsKey(workspace), settings);
}

/** Hides the reminder for a day. */
export function snoozeReminder(workspace: string, now = Date.now()) {
  remember(snoozeKey(workspace), now + SNOOZE_MS);
}

/** Why a backup is due now, or undefined when it is not (or reminders are off). */
export function backupDue(app: AuditApp, now = Date.now()): string | undefined {
  const settings = reminderSettings(app.name);
  if (settings.days === 0 && settings.changes === 0) return undefined;
  const snoozed = stored<number>(snoozeKey(app.name));
  if (typeof snoozed === "number" && snoozed > now) return undefined;
  const changes = app.trailLength;
  const last = lastBackup(app);
  if (!last) {
    return changes >= FIRST_REMINDER_CHANGES ? t("shell.backup.due_first", { changes }) : undefined;
  }
  const since = changes - last.seq;
  if (since === 0) return undefined;
  const days = backupAge(last, now);
  if (settings.changes > 0 && since >= settings.changes) return t("shell.backup.due_changes", { since, days });
  if (settings.days > 0 && days >= settings.days) return t("shell.backup.due_days", { since, days });
  return undefined;
}

/** Whole days since `last` was taken (0 today, never negative). */
export function backupAge(last: LastBackup, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(last.at)) / DAY_MS));
}

/** Writes the workspace to a backup file and remembers it. Refused with `unverified`
 * unless `allowUnverified` (after the user saw why the trail does not vouch for the
 * data; the file is then marked unverified). */
export async function exportBackup(app: AuditApp, allowUnverified: boolean, from: EventTarget) {
  const seq = app.trailLength;
  const text = await app.exportWorkspace({ allowUnverified });
  const mark = allowUnverified ? " UNVERIFIED" : "";
  download(`isms-audit backup ${app.name} ${today()}${mark}.json`, "application/json", text);
  remember(lastKey(app.name), { at: new Date().toISOString(), seq } satisfies LastBackup);
  from.dispatchEvent(new CustomEvent(BACKUP_TAKEN_EVENT, { bubbles: true, composed: true }));
}
