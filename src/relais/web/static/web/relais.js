/* Relais web UI: the little behaviour HTMX does not cover. No framework, no build step. */
(function () {
  "use strict";

  // A failed HTMX request (403 for a read-only user, a server error, the network) must not fail
  // silently: show a short message instead.
  function showError(status) {
    var toast = document.getElementById("error-toast");
    if (!toast) return;
    var text = toast.querySelector("span");
    text.textContent = status === 403 ? text.dataset.forbidden : text.dataset.default;
    toast.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(function () { toast.hidden = true; }, 6000);
  }
  document.addEventListener("htmx:responseError", function (e) { showError(e.detail.xhr.status); });
  document.addEventListener("htmx:sendError", function () { showError(0); });

  // A form that asks first (undoing an import): data-confirm holds the question.
  document.addEventListener("submit", function (e) {
    var question = e.target.dataset && e.target.dataset.confirm;
    if (question && !window.confirm(question)) e.preventDefault();
  });

  // The main menu on a phone: the "Menu" button opens and closes it (the topbar's nav-open class).
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest(".navtoggle");
    var bar = document.querySelector(".topbar");
    if (!bar) return;
    if (toggle) {
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    } else if (bar.classList.contains("nav-open") && !bar.contains(e.target)) {
      bar.classList.remove("nav-open");
      bar.querySelector(".navtoggle").setAttribute("aria-expanded", "false");
    }
  });

  // Close the user menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.usermenu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details.usermenu[open]").forEach(function (d) {
      d.removeAttribute("open");
      d.querySelector("summary").focus();
    });
  });

  // Shortcut keys of a page (the review queue: m, n, s, j, k): a key clicks the element that
  // carries it in data-shortcut, so the page works the same with the mouse or without JS.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || !/^[a-z]$/.test(e.key)) return;
    var active = document.activeElement;
    if (/^(TEXTAREA|SELECT)$/.test(active.tagName)) return;
    if (active.tagName === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(active.type)) return;
    if (document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")) return;  // one decision at a time
    var target = document.querySelector('[data-shortcut="' + e.key + '"]');
    if (target) { e.preventDefault(); target.click(); }
  });

  // A [data-copy] button copies the text of the input it names (the self-update link).
  function copyFrom(button) {
    var input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    var done = function () { button.textContent = button.dataset.copied || button.textContent; };
    if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () {});
    else if (document.execCommand("copy")) done();
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-copy]");
    if (button) copyFrom(button);
  });
  // "Copy self-update link" fetches the link, then copies it at once ([data-copy-now]).
  document.addEventListener("htmx:afterSwap", function (e) {
    var button = e.target.querySelector && e.target.querySelector("[data-copy-now]");
    if (button) copyFrom(button);
  });
  // A read-only field worth copying selects itself when focused.
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("[data-select-on-focus]")) e.target.select();
  });

  // "/" focuses the search box of the contact list, as in most tools people already use.
  document.addEventListener("keydown", function (e) {
    var search = document.getElementById("id_q");
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (e.key === "/" && search && !typing) { e.preventDefault(); search.focus(); }
  });
  // Behaviour that used to be inline (hx-on, onclick), here so that the Content-Security-Policy
  // allows no inline script: data-remove="<selector>" removes the closest such element (and,
  // with data-then-change, tells its form it changed); data-select-on-click selects a field.
  document.addEventListener("click", function (e) {
    var remover = e.target.closest && e.target.closest("[data-remove]");
    if (remover) {
      var form = remover.closest("form");
      var gone = remover.closest(remover.dataset.remove);
      if (gone) gone.remove();
      if (form && remover.hasAttribute("data-then-change") && window.htmx) htmx.trigger(form, "change");
      return;
    }
    if (e.target.hasAttribute && e.target.hasAttribute("data-select-on-click")) e.target.select();
  });
  // data-next-index="<selector>": the request carries index = 1 + the highest data-index of
  // the elements selected (the segment builder's "Add a criterion"), without hx-vals="js:…".
  document.addEventListener("htmx:configRequest", function (e) {
    var selector = e.detail.elt.dataset && e.detail.elt.dataset.nextIndex;
    if (!selector) return;
    var highest = -1;
    document.querySelectorAll(selector).forEach(function (el) {
      highest = Math.max(highest, Number(el.dataset.index));
    });
    e.detail.parameters.index = highest + 1;
  });
})();
