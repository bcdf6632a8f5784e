/* The SCO page: shows one block at a time, remembers what the learner does, and hands
 * the module's progress to the LMS (ScoLms) after every change.
 *
 * Block markup comes from the player's own templates, rendered into <template data-view>
 * elements at export time. What a block type does (its answers, its view, its points) is
 * its runtime file, runtime/blocks/<type>.js: it registers a factory in window.ScoBlocks
 * that gets the `sco` helpers below and returns {answer, viewKey, render, score}, each
 * optional. `sco.changed(i)` saves and shows block i again; `sco.saved()` only saves;
 * `sco.interaction(record)` reports an answer as cmi.interactions (scorm-runtime.js).
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sco-data").textContent);
  var text = JSON.parse(document.getElementById("sco-text").textContent);
  var blocks = data.blocks;
  var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-index]"));
  var summary = document.getElementById("b-summary");
  var codec = window.ScoCodec;
  var lms = window.ScoLms.connect(data.version);
  var current = 0;
  var state;

  // ---- small helpers ------------------------------------------------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }
  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }
  function num(value) {
    return String(round(value, 2)).replace(".", data.decimalMark);
  }
  function make(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }
  function kindAt(index) {
    return kinds[blocks[index].type];
  }
  function stageOf(index) {
    return sections[index].querySelector(".block-stage");
  }

  // ---- storage ----------------------------------------------------------------------------
  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(data.storageKey) || "null"); } catch (e) { return null; }
  }
  function writeLocal() {
    try { window.localStorage.setItem(data.storageKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function fromLms(local) {
    var restored = codec.decode(lms.suspendData(), blocks.length);
    if (!restored) { return null; }
    Object.keys(restored.truncated).forEach(function (i) {
      var slot = restored.truncated[i];
      var whole = local && local[slot] && local[slot][i];
      if (typeof whole === "string" && whole.indexOf(restored[slot][i]) === 0) {
        restored[slot][i] = whole;
      }
    });
    delete restored.truncated;
    return restored;
  }
  function restore() {
    var local = readLocal();
    var restored = null;
    if (lms.connected) {
      restored = fromLms(local) || codec.empty(blocks.length);
      var bookmark = blocks.map(function (b) { return b.id; }).indexOf(lms.location());
      restored.location = bookmark >= 0 ? bookmark : 0;
    } else if (local && Array.isArray(local.done) && local.done.length === blocks.length) {
      restored = local;
    }
    return restored || codec.empty(blocks.length);
  }

  // ---- the module's progress (lti_tool/learning/progress.py rules) ----------------------------
  function moduleProgress() {
    var required = 0;
    var requiredDone = 0;
    var earned = 0;
    var maximum = 0;
    blocks.forEach(function (block, i) {
      if (block.required) { required += 1; if (state.done[i]) { requiredDone += 1; } }
      var kind = kindAt(i);
      if (kind.score) {
        var points = kind.score(i);
        maximum += points.maximum;
        earned += points.earned;
      }
    });
    var percent = maximum ? round(100 * earned / maximum, 1) : 100;
    var last = Math.min(current, blocks.length - 1);
    return {
      complete: requiredDone === required, scored: data.scored, percent: percent,
      passed: percent >= data.passMark, measure: required ? round(requiredDone / required, 2) : 1,
      location: blocks[last].id, suspend: codec.encode(state, data.budget)
    };
  }
  function persist() {
    writeLocal();
    lms.report(moduleProgress());
  }

  // ---- rendering ------------------------------------------------------------------------
  function view(index, key) {
    var template = sections[index].querySelector('template[data-view="' + key + '"]');
    return (template || sections[index].querySelector('template[data-view="start"]')).content.cloneNode(true);
  }
  function say(index, message, good) {
    var region = stageOf(index).querySelector("#resultaat");
    if (!region) { return; }
    region.replaceChildren(make("p", "feedback " + (good ? "correct" : "incorrect"), message));
    region.focus();
  }
  function focusResult(index) {
    var region = stageOf(index).querySelector("#resultaat");
    if (region) { region.focus(); }
  }
  function renderBlock(index) {
    var kind = kindAt(index);
    stageOf(index).replaceChildren(view(index, kind.viewKey ? kind.viewKey(index) : "start"));
    if (kind.render) { kind.render(index); }
  }
  function missingList() {
    var list = make("ul");
    blocks.forEach(function (block, i) {
      if (!block.required || state.done[i]) { return; }
      var item = make("li");
      var link = make("a", "", sections[i].querySelector("h2").firstChild.textContent.trim());
      link.href = "#b-" + block.id;
      link.setAttribute("data-step", String(i));
      item.appendChild(link);
      list.appendChild(item);
    });
    return list;
  }
  function renderSummary() {
    var progress = moduleProgress();
    var body = document.getElementById("summary-body");
    if (!progress.complete) {
      body.replaceChildren(make("p", "feedback incorrect", text.missing), missingList());
      return;
    }
    var line = make("p", "feedback correct");
    line.appendChild(make("strong", "", text.completed));
    if (progress.scored) {
      var verdict = progress.passed ? text.modulePassed : fill(text.moduleNeeds, { mark: data.passMark });
      line.appendChild(document.createTextNode(" " + fill(text.moduleScore, { score: num(progress.percent) }) + " " + verdict));
    }
    body.replaceChildren(line);
  }
  function updateNav() {
    var onSummary = current === blocks.length;
    var previous = document.querySelector('[data-nav="previous"]');
    var next = document.querySelector('[data-nav="next"]');
    previous.hidden = current === 0;
    next.hidden = onSummary;
    if (!onSummary) {
      var last = current === blocks.length - 1;
      next.textContent = last ? text.finish : blocks[current].read ? text.onward : text.next;
    }
    var step = Math.min(current + 1, blocks.length);
    document.getElementById("step-label").textContent = fill(text.step, { step: step, steps: blocks.length });
    var bar = document.getElementById("step-progress");
    bar.value = step;
    bar.textContent = step + "/" + blocks.length;
    document.querySelectorAll("[data-done-for]").forEach(function (mark) {
      mark.hidden = !state.done[Number(mark.getAttribute("data-done-for"))];
    });
    document.querySelectorAll(".step-list a[data-step]").forEach(function (link) {
      if (Number(link.getAttribute("data-step")) === current) { link.setAttribute("aria-current", "step"); }
      else { link.removeAttribute("aria-current"); }
    });
  }
  function show(index, focus) {
    current = Math.max(0, Math.min(index, blocks.length));
    sections.forEach(function (section, i) {
      section.hidden = i !== current;
      if (i !== current) { stageOf(i).replaceChildren(); }
    });
    summary.hidden = current !== blocks.length;
    if (current < blocks.length) { state.location = current; renderBlock(current); } else { renderSummary(); }
    updateNav();
    persist();
    if (focus) {
      (current < blocks.length ? sections[current] : summary).querySelector("h2").focus();
    }
  }
  function saved() {
    persist();
    updateNav();
  }
  function changed(index) {
    saved();
    renderBlock(index);
  }

  // ---- events -------------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var section = event.target.closest("section[data-index]");
    if (!section) { return; }
    event.preventDefault();
    var index = Number(section.getAttribute("data-index"));
    var kind = kindAt(index);
    if (kind.answer) { kind.answer(index, new FormData(event.target)); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-nav], [data-step], [data-retry]");
    if (!target) { return; }
    if (target.hasAttribute("data-retry")) {
      var index = Number(target.getAttribute("data-retry"));
      sco.retrying[index] = true;
      renderBlock(index);
      stageOf(index).querySelector("input:not([type=hidden]), select, button").focus();
      return;
    }
    if (target.hasAttribute("data-step")) {
      event.preventDefault();
      show(Number(target.getAttribute("data-step")), true);
      return;
    }
    if (target.getAttribute("data-nav") === "next") {
      if (blocks[current].read) { state.done[current] = true; }
      show(current + 1, true);
    } else {
      show(current - 1, true);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { lms.checkpoint(); }
  });
  window.addEventListener("pagehide", function () { lms.finish(); });

  // ---- the block types ------------------------------------------------------------------
  var sco = {
    data: data, text: text, blocks: blocks, retrying: {},
    state: function () { return state; },
    make: make, fill: fill, round: round, num: num,
    stageOf: stageOf, say: say, focusResult: focusResult, changed: changed, saved: saved,
    interaction: function (record) { lms.interaction(record); }
  };
  var factories = window.ScoBlocks || {};
  var kinds = {};
  blocks.forEach(function (block) {
    if (!factories[block.type]) { throw new Error("no runtime for block type " + block.type); }
    kinds[block.type] = kinds[block.type] || factories[block.type](sco);
  });

  /* A step link clicked before this script ran has only changed the address (#b-<block id>):
   * open that step instead of the bookmark, then drop the address so a reload follows the
   * bookmark again. */
  function stepAskedByAddress() {
    if (location.hash.indexOf("#b-") !== 0) { return -1; }
    var id = decodeURIComponent(location.hash.slice(3));
    var index = blocks.map(function (b) { return b.id; }).indexOf(id);
    if (index >= 0) {
      try { history.replaceState(null, "", location.pathname + location.search); } catch (e) { /* a file: page */ }
    }
    return index;
  }

  state = restore();
  var asked = stepAskedByAddress();
  if (asked >= 0) { state.location = asked; }
  if (!lms.connected) { document.getElementById("lms-notice").hidden = false; }
  show(state.location || 0, false);
})();
