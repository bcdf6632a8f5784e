// Intervisie: keep a screen up to date without a framework.
// [data-poll] asks every few seconds whether something changed; the shared screen
// (data-reload="always") then reloads, a phone (data-reload="quiet") only when no
// text field holds text, so no typed text is lost. [data-ends] counts a live step's time down.
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (box) {
    var url = box.getAttribute("data-poll");
    var known = box.getAttribute("data-state");
    var always = box.getAttribute("data-reload") === "always";
    var typing = function () {
      var fields = document.querySelectorAll("textarea");
      for (var i = 0; i < fields.length; i++) {
        if (fields[i].value.trim() !== "") return true;
      }
      return false;
    };
    var ask = function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.state !== known && (always || !typing())) {
            window.location.reload();
          }
        })
        .catch(function () {});
    };
    window.setInterval(ask, 3000);
  }
  var timer = document.querySelector("[data-ends]");
  if (timer) {
    var ends = parseInt(timer.getAttribute("data-ends"), 10) * 1000;
    var show = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (timer.textContent !== text) timer.textContent = text;
      timer.classList.toggle("over", left === 0);
    };
    show();
    window.setInterval(show, 1000);
  }
})();
