// A form that records something is sent once: after the first submit its buttons say
// they are busy (aria-disabled, so they keep their name, their focus and their value
// in the form) and a second click or Enter is ignored until the next page arrives.
// The server does not depend on this: every such post is idempotent there too.
(function () {
  "use strict";
  var RETRY_AFTER_MS = 10000; // no answer yet: the person may try again

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  function setBusy(form, busy) {
    var list = buttons(form);
    for (var i = 0; i < list.length; i++) {
      if (busy) {
        list[i].setAttribute("aria-disabled", "true");
      } else {
        list[i].removeAttribute("aria-disabled");
      }
    }
    if (busy) {
      form.setAttribute("data-sending", "");
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.hasAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    setBusy(form, true);
    window.setTimeout(function () { setBusy(form, false); }, RETRY_AFTER_MS);
  });

  // Back to this page from the browser's cache: the buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    var forms = document.querySelectorAll("form[data-sending]");
    for (var i = 0; i < forms.length; i++) {
      setBusy(forms[i], false);
    }
  });
})();
