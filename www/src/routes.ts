// The page's addresses: every screen has a hash such as `#/audit/ID` (a hash, so the
// single file opened from disk and a portal page keep working: nothing is asked of the
// server). ROUTES is the one table of screens; a new screen adds its line here and its
// case in app.ts's `page()`.
import type { Route } from "./forms.js";

/** One screen: its path pattern (`:name` is an encoded segment) and how a route fills it. */
interface RouteShape {
  view: Route["view"];
  /** Segments after `#/`; a trailing `?` marks an optional one. */
  path: string[];
}

const ROUTES: RouteShape[] = [
  { view: "programmes", path: ["programmes"] },
  { view: "programme", path: ["programme", ":id", ":section?"] },
  { view: "audit", path: ["audit", ":id", "finding?", ":findingId?"] },
  { view: "conduct", path: ["conduct", ":id", ":section?"] },
  { view: "audit-plan", path: ["audit-plan", ":id"] },
  { view: "catalog", path: ["catalog", ":catalogId?", ":criterionId?"] },
  { view: "soas", path: ["soas"] },
  { view: "soa", path: ["soa", ":id"] },
  { view: "criteria-sets", path: ["criteria-sets"] },
  { view: "criteria-set", path: ["criteria-set", ":id"] },
  { view: "actions", path: ["actions"] },
  { view: "trail", path: ["trail"] },
  { view: "auditors", path: ["auditors", ":id?"] },
];

export const HOME: Route = { view: "programmes" };

/** The hash of a route, e.g. `#/audit/a1/finding/f2`. Optional parts left empty end it. */
export function hashOf(route: Route): string {
  const shape = ROUTES.find((r) => r.view === route.view)!;
  const values = route as unknown as Record<string, string | undefined>;
  const out: string[] = [];
  for (const segment of shape.path) {
    const optional = segment.endsWith("?");
    const name = segment.replace(/\?$/, "");
    if (name.startsWith(":")) {
      const value = values[name.slice(1)];
      if (value === undefined || value === "") break;
      out.push(encodeURIComponent(value));
    } else if (optional) {
      // A literal such as "finding" is written only when the value after it is there.
      const next = shape.path[shape.path.indexOf(segment) + 1]?.replace(/^:|\?$/g, "");
      if (!next || values[next] === undefined) break;
      out.push(name);
    } else {
      out.push(name);
    }
  }
  return `#/${out.join("/")}`;
}

/** The route a hash names, or undefined when it names none (then the app shows HOME). */
export function routeOf(hash: string): Route | undefined {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((p) => p !== "");
  if (parts.length === 0) return undefined;
  for (const shape of ROUTES) {
    const route: Record<string, string> = { view: shape.view };
    let i = 0;
    let ok = true;
    for (const segment of shape.path) {
      const optional = segment.endsWith("?");
      const name = segment.replace(/\?$/, "");
      const part = parts[i];
      if (part === undefined) {
        if (!optional) ok = false;
        break;
      }
      if (name.startsWith(":")) {
        try {
          route[name.slice(1)] = decodeURIComponent(part);
        } catch {
          ok = false;
          break;
        }
      } else if (part !== name) {
        ok = false;
        break;
      }
      i++;
    }
    if (ok && i === parts.length) return route as unknown as Route;
  }
  return undefined;
}
