/* Zelfscan, optional: saves each answer as it is given, and on a phone shows one
   question per screen. Without this script the page works as a plain form per area. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-zs-stepper]");
  if (!form) { return; }
  var status = form.querySelector("[data-zs-saved]");
  var token = form.querySelector("input[name=lt]").value;

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") { return; }
    var body = new FormData();
    body.append("lt", token);
    body.append("statement", input.name.slice(2));
    body.append("value", input.value);
    fetch(form.getAttribute("data-save-url"), { method: "POST", body: body, credentials: "omit" })
      .then(function (response) { if (response.ok && status) { status.textContent = form.getAttribute("data-saved-text") || "Bewaard"; } })
      .catch(function () { /* the form submit saves the answers anyway */ });
  });

  var phone = window.matchMedia("(max-width: 40rem)");
  var questions = Array.prototype.slice.call(form.querySelectorAll(".zs-question"));
  if (questions.length < 2) { return; }
  var nav = form.querySelector(".zs-nav");
  var formNext = form.querySelector(".zs-next");
  var formPrev = form.querySelector(".zs-prev");
  var steps = document.createElement("div");
  steps.className = "zs-step-nav";
  var prev = document.createElement("button");
  prev.type = "button"; prev.className = "secondary"; prev.textContent = form.getAttribute("data-prev-text");
  var next = document.createElement("button");
  next.type = "button"; next.textContent = form.getAttribute("data-next-text");
  steps.appendChild(next); steps.appendChild(prev);
  nav.parentNode.insertBefore(steps, nav);
  var firstOpen = questions.findIndex(function (q) { return !q.querySelector("input:checked"); });
  var current = firstOpen < 0 ? 0 : firstOpen;

  function show(index, focus) {
    var stepping = phone.matches;
    current = Math.max(0, Math.min(index, questions.length - 1));
    questions.forEach(function (q, i) { q.hidden = stepping && i !== current; });
    steps.hidden = !stepping;
    prev.hidden = current === 0;
    next.hidden = current === questions.length - 1;
    if (formPrev) { formPrev.hidden = stepping && current !== 0; }
    formNext.hidden = stepping && current !== questions.length - 1;
    if (focus && stepping) { questions[current].focus(); }
  }
  prev.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  if (phone.addEventListener) { phone.addEventListener("change", function () { show(current, false); }); }
  show(current, false);
})();
