// The optional proof-of-work (ALTCHA_ENABLED): loads the self-hosted ALTCHA widget,
// registers its worker from this site's own static files, then puts the widget into
// the form. Without JavaScript none of this runs and the form still works
// (docs/security.md: such signatures count against a lower rate limit).
const slot = document.getElementById("pow");
if (slot) {
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = slot.dataset.css;
  document.head.append(css);
  await import(slot.dataset.widget);
  const worker = slot.dataset.worker;
  globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
  const widget = document.createElement("altcha-widget");
  widget.setAttribute("challenge", slot.dataset.challenge);
  widget.setAttribute("name", "altcha");
  widget.setAttribute("auto", "onload");
  widget.setAttribute("configuration", JSON.stringify({ hideFooter: true, hideLogo: true }));
  slot.append(widget);
}
