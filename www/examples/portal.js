// The portal's own script: lists the events the two elements send, as a portal would
// to refresh a dashboard tile or keep its own navigation in step.
const log = document.getElementById("portal-events");
for (const name of ["isms-audit:change", "isms-audit:navigate"]) {
  document.addEventListener(name, (event) => {
    const item = document.createElement("li");
    const detail = name === "isms-audit:change" ? event.detail.type : event.detail.hash;
    item.textContent = `${event.target.id} ${name} ${detail}`;
    log.append(item);
  });
}
