// The message catalog: one JSON file per area of the page and per language. English is
// the reference; every other language has exactly its keys (tsc checks that each key is
// present, tests/e2e/messages.test.mjs that nothing is extra and placeholders match).
// Reports use the `report.*` keys too, and the texts the engine composes for the page's
// views (conclusion rule, explanations, warnings, derivations) the `engine.*` keys: the
// page hands both to the engine.
import enCommon from "./en/common.json";
import enShell from "./en/shell.json";
import enProgramme from "./en/programme.json";
import enAudit from "./en/audit.json";
import enConduct from "./en/conduct.json";
import enExports from "./en/exports.json";
import enRecords from "./en/records.json";
import enErrors from "./en/errors.json";
import enReport from "./en/report.json";
import enScale from "./en/scale.json";
import enEngine from "./en/engine.json";
import deCommon from "./de/common.json";
import deShell from "./de/shell.json";
import deProgramme from "./de/programme.json";
import deAudit from "./de/audit.json";
import deConduct from "./de/conduct.json";
import deExports from "./de/exports.json";
import deRecords from "./de/records.json";
import deErrors from "./de/errors.json";
import deReport from "./de/report.json";
import deScale from "./de/scale.json";
import deEngine from "./de/engine.json";

export const EN = {
  ...enCommon, ...enShell, ...enProgramme, ...enAudit, ...enConduct, ...enExports, ...enRecords, ...enErrors, ...enReport, ...enScale, ...enEngine,
};

export type MessageKey = keyof typeof EN;
export type Language = "en" | "de";
type Catalog = Record<MessageKey, string>;

const DE: Catalog = {
  ...deCommon, ...deShell, ...deProgramme, ...deAudit, ...deConduct, ...deExports, ...deRecords, ...deErrors, ...deReport, ...deScale, ...deEngine,
};

export const CATALOGS: Record<Language, Catalog> = { en: EN, de: DE };

/** The engine's words in `lang`: for its report renderers (keys starting `report.`) and
 * the texts it composes for the page's views (keys starting `engine.`). */
export function reportMessages(lang: Language): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CATALOGS[lang]).filter(([k]) => k.startsWith("report.") || k.startsWith("engine.")),
  );
}
