// Entry point of the page bundle: defines <isms-audit-app> and its parts.
import "./app.js";
