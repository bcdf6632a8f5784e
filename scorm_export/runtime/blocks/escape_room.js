/* Escape room in a SCO, played alone (a package has no team server). The page holds three
 * views: "start" (the story), "room" and "end", each with every variant rendered; this file
 * shows the ones that apply (solved puzzles, hints taken, the countdown) and the game itself
 * (objects that open their puzzle) is assets/escape-room.js, as in the player.
 *
 * State per block: {started, countdown, solved: [bool], hints: [count], finished}, encoded
 * as "<solved bitset>.<hints per puzzle>.<flags s c f>"; when the countdown started is kept
 * in localStorage only. The right code makes the block done.
 */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "e", slot: "escape",
    encode: function (room) {
      var solved = 0;
      room.solved.forEach(function (yes, i) { if (yes) { solved |= 1 << i; } });
      return solved.toString(36) + "." + codec.digits(room.hints) + "." +
        (room.started ? "s" : "") + (room.countdown ? "c" : "") + (room.finished ? "f" : "");
    },
    decode: function (text) {
      var parts = text.split(".");
      if (parts.length < 3) {  // the first format: puzzles solved in order, "f" when finished
        var count = parseInt(text, 10) || 0;
        var flags = [];
        for (var i = 0; i < 8; i++) { flags.push(i < count); }
        return { started: count > 0 || text.slice(-1) === "f", countdown: false, solved: flags,
                 hints: [], finished: text.slice(-1) === "f" };
      }
      var mask = parseInt(parts[0], 36) || 0;
      var solved = [];  // as many as there are puzzles: one hint digit each
      for (var j = 0; j < parts[1].length; j++) { solved.push((mask & (1 << j)) !== 0); }
      return { started: parts[2].indexOf("s") >= 0, countdown: parts[2].indexOf("c") >= 0,
               solved: solved, hints: codec.undigits(parts[1]), finished: parts[2].indexOf("f") >= 0 };
    }
  });

  function normalise(answer) {
    return String(answer || "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  kinds.escape_room = function (sco) {
    var opened = {};  // block index -> the panel open now
    var wrong = {};   // block index -> {puzzle id or "code": the last wrong try}
    var focusOn = {}; // block index -> what to focus after the next render

    function roomAt(index) {
      var state = sco.state();
      var count = sco.blocks[index].puzzles.length;
      var room = state.escape[index];
      if (!room) {
        room = { started: false, countdown: false, solved: [], hints: [], finished: false };
        state.escape[index] = room;
      }
      for (var i = 0; i < count; i++) {
        room.solved[i] = !!room.solved[i];
        room.hints[i] = room.hints[i] || 0;
      }
      room.solved.length = count;
      room.hints.length = count;
      return room;
    }
    function startedAt(index) {
      var key = sco.data.storageKey + ":escape:" + index;
      try { return Number(window.localStorage.getItem(key)) || null; } catch (e) { return null; }
    }
    function setStartedAt(index, when) {
      try { window.localStorage.setItem(sco.data.storageKey + ":escape:" + index, String(when)); } catch (e) { /* private mode */ }
    }
    function each(root, selector, fn) {
      Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
    }

    function apply(index, el) {
      var block = sco.blocks[index];
      var room = roomAt(index);
      var t = window.EscapeRoom.texts(el);
      var hints = 0;
      room.hints.forEach(function (n) { hints += n; });
      var penalty = hints * block.hintMinutes;
      var solvedCount = room.solved.filter(Boolean).length;
      each(el, '[data-stat="solved"]', function (n) { n.textContent = String(solvedCount); });
      each(el, '[data-stat="hints"]', function (n) { n.textContent = String(hints); });
      each(el, '[data-stat="penalty"]', function (n) { n.textContent = String(penalty); });
      var since = startedAt(index) || Date.now();
      el.setAttribute("data-countdown", room.countdown && !room.finished ? "on" : "off");
      el.setAttribute("data-remaining", String(Math.round(block.countdownMinutes * 60 - (Date.now() - since) / 1000 - penalty * 60)));
      each(el, "[data-clock]", function (n) { n.hidden = !room.countdown; });
      each(el, ".room-countdown", function (form) {
        form.querySelector('input[name="countdown"]').value = room.countdown ? "off" : "on";
        form.querySelector("button").textContent = room.countdown ? t.clockOff : t.clockOn;
      });
      block.puzzles.forEach(function (puzzle, i) {
        var solved = room.solved[i];
        each(el, '[data-tick="' + puzzle.id + '"]', function (n) { n.classList.toggle("is-hidden", !solved); });
        each(el, '[data-slot="' + puzzle.id + '"]', function (n) {
          n.textContent = solved ? puzzle.code : new Array(puzzle.code.length + 1).join("?");
        });
        var panel = el.querySelector('.room-panel[data-puzzle="' + puzzle.id + '"]');
        if (panel) {
          panel.querySelector('[data-when="solved"]').hidden = !solved;
          panel.querySelector('[data-when="open"]').hidden = solved;
          each(panel, "[data-hint]", function (n) { n.hidden = Number(n.getAttribute("data-hint")) > room.hints[i]; });
          each(panel, "[data-hint-form]", function (n) { n.hidden = Number(n.getAttribute("data-hint-form")) !== room.hints[i] + 1; });
        }
        var button = el.querySelector('[data-open$="-' + puzzle.id + '"]');
        if (button) {
          button.classList.toggle("is-solved", solved);
          button.querySelector(".visually-hidden").textContent = solved ? t.solvedSr : t.openSr;
        }
      });
      var tries = wrong[index] || {};
      Object.keys(tries).forEach(function (id) {
        var panel = el.querySelector('.room-panel[data-puzzle="' + id + '"]');
        var form = panel && panel.querySelector("form.room-answer, form.escape-code");
        if (!form) { return; }
        var note = sco.make("p", "feedback incorrect", sco.fill(t.wrong, { answer: tries[id] }));
        note.setAttribute("data-wrong", "");
        form.parentNode.insertBefore(note, form.nextSibling);
      });
    }

    return {
      viewKey: function (index) {
        var room = roomAt(index);
        if (room.finished) { return "end"; }
        return room.started ? "room" : "start";
      },
      render: function (index) {
        var el = sco.stageOf(index).querySelector(".escape-room");
        if (!el) { return; }
        apply(index, el);
        window.EscapeRoom.enhance(el, opened[index] || null);
        el.addEventListener("click", function () {
          opened[index] = el.getAttribute("data-open-panel") || null;
        });
        var target = focusOn[index];
        delete focusOn[index];
        if (!target) { return; }
        var node = el.querySelector(target);
        if (node) {
          if (!node.matches("a, button, input, [tabindex]")) { node.setAttribute("tabindex", "-1"); }
          node.focus();
          window.EscapeRoom.say(el, node.textContent);
        }
      },
      answer: function (index, fields) {
        var block = sco.blocks[index];
        var state = sco.state();
        var room = roomAt(index);
        var tries = wrong[index] = wrong[index] || {};
        var position = function (id) {
          return block.puzzles.map(function (p) { return p.id; }).indexOf(id);
        };
        var panel = opened[index] ? "#" + opened[index] : "";
        var given;
        if (fields.has("start")) {
          if (room.started) { return; }
          room.started = true;
          room.countdown = fields.get("countdown") === "on";
          setStartedAt(index, Date.now());
          focusOn[index] = "[data-open]";
        } else if (fields.has("countdown")) {
          room.countdown = fields.get("countdown") === "on";
          if (room.countdown && !startedAt(index)) { setStartedAt(index, Date.now()); }
          focusOn[index] = ".room-countdown button";
        } else if (fields.has("hint")) {
          var h = position(fields.get("hint"));
          var puzzleH = block.puzzles[h];
          if (h < 0 || room.solved[h] || Number(fields.get("n")) !== room.hints[h] + 1 ||
              room.hints[h] >= puzzleH.hints.length) { return; }
          room.hints[h] += 1;
          focusOn[index] = panel + ' [data-hint="' + room.hints[h] + '"]';
        } else if (fields.has("puzzle")) {
          var p = position(fields.get("puzzle"));
          given = String(fields.get("answer") || "").trim().slice(0, block.answerMax);
          if (p < 0 || room.solved[p] || !given) { return; }
          if (block.puzzles[p].answers.indexOf(normalise(given)) < 0) {
            tries[block.puzzles[p].id] = given;
            focusOn[index] = panel + " [data-wrong]";
          } else {
            room.solved[p] = true;
            delete tries[block.puzzles[p].id];
            focusOn[index] = panel + " h3";
          }
        } else if (fields.has("code") && !room.finished) {
          given = String(fields.get("code") || "").trim().slice(0, block.codeMax);
          if (!given) { return; }
          if (given.replace(/\s+/g, "").toLowerCase() !== block.code) {
            tries.code = given;
            focusOn[index] = panel + " [data-wrong]";
          } else {
            room.finished = true;
            state.done[index] = true;
            opened[index] = null;
            focusOn[index] = ".room-ending h3";
          }
        } else {
          return;
        }
        sco.changed(index);
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
