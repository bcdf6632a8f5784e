/* The SCO page: shows one block at a time, scores and remembers what the learner does,
 * and hands the module's progress to the LMS (ScoLms) after every change.
 *
 * Block markup comes from the player's own templates, rendered into <template data-view>
 * elements at export time; this file only picks the view, fills in the learner's answers
 * and builds quiz results (same classes as blocks/quiz.html) from the page's data.
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
  var retrying = {};
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
  function normalise(answer) {
    return String(answer || "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
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
      var whole = local && local.reflection && local.reflection[i];
      if (typeof whole === "string" && whole.indexOf(restored.reflection[i]) === 0) {
        restored.reflection[i] = whole;
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

  // ---- scoring (lti_tool/learning/progress.py rules) ---------------------------------------
  function questionPoints(question, chosen) {
    var right = [];
    question.options.forEach(function (option, k) { if (option.correct) { right.push(k); } });
    if (question.kind === "single") {
      return chosen.length === 1 && right.indexOf(chosen[0]) >= 0 ? question.points : 0;
    }
    if (!right.length) { return 0; }
    var hits = chosen.filter(function (k) { return right.indexOf(k) >= 0; }).length;
    var misses = chosen.length - hits;
    return round(question.points * Math.max(0, (hits - misses) / right.length), 2);
  }
  function scoreQuiz(block, answers) {
    var earned = 0;
    var maximum = 0;
    var questions = block.questions.map(function (question, q) {
      var chosen = answers[q] || [];
      var points = questionPoints(question, chosen);
      earned += points;
      maximum += question.points;
      return { question: question, chosen: chosen, earned: points };
    });
    earned = round(earned, 2);
    var percent = maximum ? round(100 * earned / maximum, 1) : 0;
    return { questions: questions, earned: earned, maximum: maximum, percent: percent,
             passed: percent >= data.passMark };
  }
  function moduleProgress() {
    var required = 0;
    var requiredDone = 0;
    var earned = 0;
    var maximum = 0;
    blocks.forEach(function (block, i) {
      if (block.required) { required += 1; if (state.done[i]) { requiredDone += 1; } }
      if (block.type === "quiz") {
        var result = scoreQuiz(block, state.quiz[i] || []);
        maximum += result.maximum;
        if (state.quiz[i]) { earned += result.earned; }
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
  function casePosition(index) {
    var steps = blocks[index].steps;
    var step = 0;
    var last = null;
    (state.path[index] || []).forEach(function (choice) {
      var here = steps[step] && steps[step].choices[choice];
      if (!here) { return; }
      last = "s" + step + "c" + choice;
      step = here.next;
    });
    return { key: last || "start", step: last ? step : 0 };
  }
  function viewKey(index) {
    var block = blocks[index];
    if (block.type === "case") { return casePosition(index).key; }
    if (block.type === "escape_room") {
      var room = state.escape[index];
      if (room && room.finished) { return "end"; }
      return room && room.solved ? "k" + room.solved : "start";
    }
    return "start";
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
  function optionItem(option, chosen) {
    var item = make("li", "feedback " + (!chosen ? "missed" : option.correct ? "correct" : "incorrect"));
    var label = (chosen ? text.yourChoice : text.alsoRight) + ": " + option.text;
    item.appendChild(make("strong", "", label));
    if (chosen) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(make("span", "verdict", option.correct ? text.correct : text.incorrect));
    }
    item.appendChild(make("br"));
    item.appendChild(document.createTextNode(option.feedback));
    return item;
  }
  function questionResult(block, result, n) {
    var question = result.question;
    var id = block.id + "-r-" + question.id;
    var section = make("section", "question-result");
    section.setAttribute("aria-labelledby", id);
    var heading = make("h3", "", fill(text.question, { n: n }) + ": ");
    heading.id = id;
    var prompt = make("span");
    prompt.innerHTML = question.prompt;  // sanitised Markdown from the export, not learner text
    heading.appendChild(prompt);
    section.appendChild(heading);
    var correct = question.options.every(function (o, k) { return o.correct === (result.chosen.indexOf(k) >= 0); });
    var verdict = correct ? text.right : result.earned > 0 ? text.partly : text.wrong;
    section.appendChild(make("p", "points", verdict + " " +
      fill(text.points, { earned: num(result.earned), points: question.points })));
    if (!result.chosen.length) { section.appendChild(make("p", "", text.unanswered)); }
    var list = make("ul", "option-feedback");
    question.options.forEach(function (option, k) {
      if (result.chosen.indexOf(k) >= 0) { list.appendChild(optionItem(option, true)); }
    });
    question.options.forEach(function (option, k) {
      if (option.correct && result.chosen.indexOf(k) < 0) { list.appendChild(optionItem(option, false)); }
    });
    section.appendChild(list);
    return section;
  }
  function showQuizResult(index) {
    var block = blocks[index];
    var stage = stageOf(index);
    var result = scoreQuiz(block, state.quiz[index]);
    var form = stage.querySelector("form");
    var body = stage.firstElementChild;
    if (form) { form.remove(); }
    var line = make("p", "feedback " + (result.passed ? "correct" : "incorrect") + " quiz-summary",
      fill(text.score, { earned: num(result.earned), max: result.maximum, percent: num(result.percent) }) + " ");
    line.appendChild(make("strong", "", result.passed ? text.quizPassed : text.quizFailed));
    if (!result.passed) { line.appendChild(document.createTextNode(" " + fill(text.quizNeeds, { mark: data.passMark }))); }
    stage.querySelector("#resultaat").replaceChildren(line);
    result.questions.forEach(function (question, q) { body.appendChild(questionResult(block, question, q + 1)); });
    var row = make("p", "button-row");
    var again = make("button", "secondary", text.retry);
    again.type = "button";
    again.setAttribute("data-retry", String(index));
    row.appendChild(again);
    body.appendChild(row);
  }
  function renderBlock(index) {
    var block = blocks[index];
    stageOf(index).replaceChildren(view(index, viewKey(index)));
    if (block.type === "quiz" && state.quiz[index] && !retrying[index]) { showQuizResult(index); }
    if (block.type === "reflection") {
      stageOf(index).querySelector("textarea").value = state.reflection[index] || "";
    }
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
  function changed(index) {
    persist();
    updateNav();
    renderBlock(index);
  }

  // ---- answers ----------------------------------------------------------------------------
  function answerQuiz(index, fields) {
    var block = blocks[index];
    var answers = block.questions.map(function (question) {
      var chosen = fields.getAll("q-" + question.id).map(function (id) {
        return question.options.map(function (o) { return o.id; }).indexOf(id);
      }).filter(function (k) { return k >= 0; });
      return question.kind === "single" ? chosen.slice(0, 1) : chosen;
    });
    if (!answers.some(function (a) { return a.length; })) { say(index, text.chooseFirst, false); return; }
    state.quiz[index] = answers;
    state.done[index] = true;
    retrying[index] = false;
    changed(index);
    focusResult(index);
  }
  function saveReflection(index, fields) {
    var value = String(fields.get("text") || "").replace(/\r\n/g, "\n").trim();
    if (!value) { say(index, text.writeFirst, false); return; }
    if (value.length > blocks[index].max) { say(index, text.tooLong, false); return; }
    state.reflection[index] = value;
    state.done[index] = true;
    changed(index);
    say(index, text.saved, true);
  }
  function chooseInCase(index, fields) {
    var steps = blocks[index].steps;
    if (fields.has("restart")) {
      state.path[index] = [];
    } else {
      var position = casePosition(index);
      var step = steps[position.step];
      if (!step || step.id !== fields.get("step")) { return; }
      var choice = step.choices.map(function (c) { return c.id; }).indexOf(fields.get("choice"));
      if (choice < 0) { return; }
      state.path[index] = (state.path[index] || []).concat([choice]);
      if (step.choices[choice].next < 0) { state.done[index] = true; }
    }
    changed(index);
    focusResult(index);
  }
  function tryEscape(index, fields) {
    var block = blocks[index];
    var room = state.escape[index] || { solved: 0, finished: false };
    state.escape[index] = room;
    var given;
    if (fields.has("puzzle")) {
      var puzzle = block.puzzles[room.solved];
      given = String(fields.get("answer") || "").trim().slice(0, 200);
      if (!puzzle || puzzle.id !== fields.get("puzzle") || !given) { return; }
      if (puzzle.answers.indexOf(normalise(given)) < 0) {
        say(index, fill(text.wrongAnswer, { answer: given }), false);
        return;
      }
      room.solved += 1;
    } else if (fields.has("code") && room.solved >= block.puzzles.length) {
      given = String(fields.get("code") || "").trim().slice(0, 100);
      if (given.replace(/\s+/g, "").toLowerCase() !== block.code) {
        say(index, fill(text.wrongAnswer, { answer: given }), false);
        return;
      }
      room.finished = true;
      state.done[index] = true;
    } else {
      return;
    }
    changed(index);
    focusResult(index);
  }
  var ANSWER = { quiz: answerQuiz, reflection: saveReflection, "case": chooseInCase, escape_room: tryEscape };

  // ---- events -------------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var section = event.target.closest("section[data-index]");
    if (!section) { return; }
    event.preventDefault();
    var index = Number(section.getAttribute("data-index"));
    var handler = ANSWER[blocks[index].type];
    if (handler) { handler(index, new FormData(event.target)); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-nav], [data-step], [data-retry]");
    if (!target) { return; }
    if (target.hasAttribute("data-retry")) {
      var index = Number(target.getAttribute("data-retry"));
      retrying[index] = true;
      renderBlock(index);
      stageOf(index).querySelector("input, button").focus();
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

  state = restore();
  if (!lms.connected) { document.getElementById("lms-notice").hidden = false; }
  show(state.location || 0, false);
})();
