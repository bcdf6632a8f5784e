/* The interactive blocks (accordion, flip cards, process steps), for the module player and
 * the SCORM page alike. Without this script every block shows all its text. */
(function (global) {
  "use strict";
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // ---- accordion: native <details>; one button opens or closes all; printing opens all ----
  function accordion(root) {
    var sections = all(root, "details.accordion-section");
    var button = root.querySelector("[data-accordion-all]");
    function label() {
      var open = sections.every(function (d) { return d.open; });
      button.textContent = button.getAttribute(open ? "data-close" : "data-open");
      return open;
    }
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      var open = !label();
      sections.forEach(function (d) { d.open = open; });
      label();
    });
    sections.forEach(function (d) { d.addEventListener("toggle", label); });
  }
  global.addEventListener("beforeprint", function () {
    all(document, "details.accordion-section:not([open])").forEach(function (d) {
      d.setAttribute("data-print-open", ""); d.open = true;
    });
  });
  global.addEventListener("afterprint", function () {
    all(document, "details[data-print-open]").forEach(function (d) {
      d.removeAttribute("data-print-open"); d.open = false;
    });
  });

  // ---- flip cards: a real button turns a card; marks stay in this browser only ----
  function readMarks(key) {
    try { return JSON.parse(global.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function writeMarks(key, marks) {
    try { global.localStorage.setItem(key, JSON.stringify(marks)); } catch (e) { /* private mode */ }
  }
  function flipCards(root, hooks) {
    var keep = root.getAttribute("data-keep") || hooks.storageKey;
    var key = keep ? "flip-cards:" + keep : null;
    var marks = key ? readMarks(key) : {};
    var tally = root.querySelector(".flip-tally");
    function count() {
      var known = 0;
      var practise = 0;
      Object.keys(marks).forEach(function (id) {
        if (marks[id] === "known") { known += 1; } else if (marks[id] === "practise") { practise += 1; }
      });
      tally.textContent = known + practise ? tally.getAttribute("data-tally")
        .replace("{known}", known).replace("{practise}", practise) : "";
    }
    all(root, ".flip-card").forEach(function (card) {
      var id = card.getAttribute("data-card");
      var front = card.querySelector(".flip-front");
      var back = card.querySelector(".flip-back");
      var turn = card.querySelector(".flip-turn");
      var buttons = all(card, "[data-mark]");
      function turnTo(toBack) {
        front.hidden = toBack;
        back.hidden = !toBack;
        turn.setAttribute("aria-expanded", String(toBack));
        turn.textContent = turn.getAttribute(toBack ? "data-back-label" : "data-front-label");
        card.classList.remove("is-turning");
        void card.offsetWidth;  // restart the animation
        card.classList.add("is-turning");
      }
      function pressed() {
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(marks[id] === b.getAttribute("data-mark"))); });
      }
      card.classList.add("is-interactive");
      back.hidden = true;
      turn.hidden = false;
      card.querySelector(".flip-mark").hidden = false;
      turn.addEventListener("click", function () { turnTo(turn.getAttribute("aria-expanded") !== "true"); });
      buttons.forEach(function (b) {
        b.addEventListener("click", function () {
          var mark = b.getAttribute("data-mark");
          if (marks[id] === mark) { delete marks[id]; } else { marks[id] = mark; }
          if (key) { writeMarks(key, marks); }
          pressed();
          count();
        });
      });
      pressed();
    });
    count();
  }

  // ---- process steps: one step at a time, previous/next and an overview to jump ----
  function processSteps(root, hooks) {
    var steps = all(root, ".process-step");
    var jumps = all(root, "[data-goto]");
    var previous = root.querySelector('[data-process="previous"]');
    var next = root.querySelector('[data-process="next"]');
    var closing = root.querySelector(".process-closing");
    var current = 0;
    function show(index, focus) {
      current = Math.max(0, Math.min(index, steps.length - 1));
      var last = current === steps.length - 1;
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      jumps.forEach(function (jump, i) {
        if (i === current) { jump.setAttribute("aria-current", "step"); } else { jump.removeAttribute("aria-current"); }
      });
      previous.hidden = current === 0;
      next.hidden = last;
      if (closing) { closing.hidden = !last; }
      if (focus) { steps[current].querySelector("h3").focus(); }
      if (last && hooks.lastStep) { hooks.lastStep(); }
    }
    root.classList.add("is-stepped");
    root.querySelector(".process-overview").hidden = false;
    root.querySelector(".process-nav").hidden = false;
    previous.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); });
    jumps.forEach(function (jump) {
      jump.addEventListener("click", function () { show(Number(jump.getAttribute("data-goto")), true); });
    });
    show(0, false);
  }

  var WIDGETS = { "accordion": accordion, "flip-cards": flipCards, "process-steps": processSteps };

  /* Makes every block under `root` interactive. `hooks`: {storageKey, lastStep} (both optional). */
  function bind(root, hooks) {
    all(root, "[data-widget]").forEach(function (node) {
      var widget = WIDGETS[node.getAttribute("data-widget")];
      if (!widget || node.hasAttribute("data-bound")) { return; }
      node.setAttribute("data-bound", "");
      widget(node, hooks || {});
    });
  }
  global.BlockWidgets = { bind: bind };
  bind(document, {});  // the player's page; a SCO page binds each block as it shows it
})(window);
