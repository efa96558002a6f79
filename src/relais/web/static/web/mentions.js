/* The mentions inbox: j/k move between mentions; s, h and i act on the current one.
   The keys reach the buttons through relais.js's data-shortcut handler: only the current
   card's buttons carry data-shortcut, so a key always acts on the mention you are looking at. */
(function () {
  "use strict";
  var current = null;

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".mention-card")); }

  function select(card) {
    if (!card) return;
    cards().forEach(function (c) {
      c.classList.remove("is-current");
      c.querySelectorAll("[data-shortcut]").forEach(function (b) { b.removeAttribute("data-shortcut"); });
    });
    card.classList.add("is-current");
    card.querySelectorAll("[data-key]").forEach(function (b) { b.setAttribute("data-shortcut", b.dataset.key); });
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
    current = card.id;
  }

  function move(step) {
    var list = cards();
    var index = list.findIndex(function (c) { return c.id === current; });
    select(list[Math.min(Math.max(index + step, 0), list.length - 1)] || list[0]);
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.key !== "j" && e.key !== "k")) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) return;
    e.preventDefault();
    move(e.key === "j" ? 1 : -1);
  });

  // After a triage action the card is swapped: keep it current, then go to the next one.
  document.addEventListener("htmx:afterSwap", function (e) {
    var card = e.detail.target && e.detail.target.id ? document.getElementById(e.detail.target.id) : null;
    if (!card || !card.classList.contains("mention-card")) return;
    current = card.id;
    move(e.detail.requestConfig && /\/status\/$/.test(e.detail.requestConfig.path) ? 1 : 0);
  });

  document.addEventListener("click", function (e) {
    var card = e.target.closest && e.target.closest(".mention-card");
    if (card && card.id !== current) select(card);
  });

  document.addEventListener("DOMContentLoaded", function () { select(cards()[0]); });
})();
