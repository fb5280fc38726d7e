// Test-only page (served at /seed/ by the e2e harness, same origin as the app): fills a
// workspace through the engine's public API, so a test can put hundreds of payloads in
// every text field without typing them.
import { openWorkspace, type Command } from "../../www/src/engine.js";

async function seedPayloads(payloads: string[]): Promise<string> {
  const app = await openWorkspace();
  app.actor = "Seeder";
  const ok = async (command: Command) => (await app.dispatch(command)).created;
  // The engine counts characters after trimming Unicode White_Space.
  const short = (p: string) => ([...p.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "")].length <= 200 ? p : "long payload");
  const set = await ok({ type: "createCriteriaSet", set: { code: "XSS", name: short(payloads[0]), kind: "policy" } });
  for (const [i, p] of payloads.slice(0, 40).entries()) {
    await ok({ type: "setCustomCriterion", setId: set!, criterion: { id: `C-${i}`, title: short(p), guidance: p, source: short(p) } });
  }
  const programme = await ok({
    type: "createProgramme",
    programme: { name: short(payloads[1]), purpose: short(payloads[2]), objectives: payloads[3], periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: short(payloads[4]) },
  });
  const audit = await ok({
    type: "createAudit",
    programmeId: programme!,
    audit: {
      title: short(payloads[5]), kind: "internal", auditee: short(payloads[6]), objectives: payloads[7],
      scope: { units: [short(payloads[8])], processes: [short(payloads[9])], locations: [short(payloads[10])] },
      catalogId: "iso27001-2022", criteria: ["9.2", "A.8.13", "XSS:C-0", "XSS:C-1"],
      plannedStart: "2027-03-01", plannedEnd: "2027-03-02", leadAuditor: short(payloads[11]),
    },
  });
  await ok({ type: "setFeasibility", auditId: audit!, feasibility: { verdict: "feasible", reasons: "", alternative: "" } });
  await ok({ type: "setAuditStatus", auditId: audit!, status: "in_progress" });
  await ok({ type: "recordResult", auditId: audit!, criterionId: "A.8.13", result: "nonconforming", notes: payloads[12] });
  for (const p of payloads) {
    await ok({ type: "addFinding", auditId: audit!, finding: { grade: "observation", criterionIds: ["XSS:C-0"], statement: p, evidence: p, date: "2027-03-01" } });
  }
  await ok({
    type: "setReportDetails",
    auditId: audit!,
    details: {
      team: [short(payloads[13])], auditLocations: payloads[14], sampling: payloads[15], divergingOpinions: payloads[16],
      confidentiality: payloads[17], distribution: [short(payloads[18])], summary: payloads[19],
    },
  });
  app.close();
  return audit!;
}

(window as unknown as { seedPayloads: typeof seedPayloads }).seedPayloads = seedPayloads;
