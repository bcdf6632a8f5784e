/* Scenario in a SCO: the answers of this run are the state (one base-36 digit each); every
 * step and ending was rendered in advance as view "s<i>" / "e<i>", and the conversation so
 * far is added here with the classes of blocks/scenario.html. The ending reached gives the
 * points (lti_tool/blocks/scenario.py); each answer is a "choice" cmi.interaction whose
 * correct responses are the answers that can still reach the best ending. */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "g", slot: "talk",
    encode: function (path) { return path.length ? codec.digits(path) : null; },
    decode: codec.undigits
  });

  kinds.scenario = function (sco) {
    var make = sco.make;
    var text = sco.text;

    /* The moves of this run, and where it is now ("s<i>", "e<i>"). */
    function position(index) {
      var block = sco.blocks[index];
      var key = "s0";
      var moves = [];
      (sco.state().talk[index] || []).forEach(function (choice) {
        if (key.charAt(0) !== "s") { return; }
        var step = block.steps[Number(key.slice(1))];
        var here = step.choices[choice];
        if (!here) { return; }
        moves.push({ step: step, choice: here });
        key = here.next;
      });
      return { key: key, moves: moves };
    }
    function line(name, says, mine) {
      var li = make("li", "line " + (mine ? "line-you" : "line-other"));
      var avatar = make("span", "avatar", name.charAt(0));
      avatar.setAttribute("aria-hidden", "true");
      li.appendChild(avatar);
      var body = make("span", "line-body");
      body.appendChild(make("span", "speaker", (mine ? sco.fill(text.youAre, { name: name }) : name) + ":"));
      body.appendChild(document.createTextNode(" "));
      body.appendChild(make("span", "", says));
      li.appendChild(body);
      return li;
    }
    function lines(block, move) {
      return [line(move.step.speaker, move.step.says, false), line(block.you, move.choice.text, true)];
    }
    function report(block, step, choice) {
      var k = step.choices.indexOf(choice);
      sco.interaction({
        id: block.id + "-" + step.id, type: "choice", weighting: 1, description: step.says,
        correct: step.best.indexOf(choice.id) >= 0,
        response: choice.id, patterns: step.best,
        response12: codec.digits([k]),
        patterns12: step.best.map(function (id) {
          return codec.digits([step.choices.map(function (c) { return c.id; }).indexOf(id)]);
        })
      });
    }
    return {
      viewKey: function (index) {
        var where = position(index);
        return where.moves.length ? where.key : "start";
      },
      render: function (index) {
        var block = sco.blocks[index];
        var moves = position(index).moves;
        if (!moves.length) { return; }
        var stage = sco.stageOf(index);
        var history = stage.querySelector("[data-history]");
        moves.slice(0, -1).forEach(function (move) {
          lines(block, move).forEach(function (li) { history.appendChild(li); });
        });
        var latest = stage.querySelector("[data-latest]");
        lines(block, moves[moves.length - 1]).reverse().forEach(function (li) { latest.insertBefore(li, latest.firstChild); });
      },
      answer: function (index, fields) {
        var state = sco.state();
        var block = sco.blocks[index];
        if (fields.has("restart")) {
          state.talk[index] = [];
        } else {
          var where = position(index);
          if (where.key.charAt(0) !== "s") { return; }
          var step = block.steps[Number(where.key.slice(1))];
          if (step.id !== fields.get("step")) { return; }
          var choice = step.choices.map(function (c) { return c.id; }).indexOf(fields.get("choice"));
          if (choice < 0) { return; }
          state.talk[index] = (state.talk[index] || []).concat([choice]);
          report(block, step, step.choices[choice]);
          if (step.choices[choice].next.charAt(0) === "e") { state.done[index] = true; }
        }
        sco.changed(index);
        sco.focusResult(index);
      },
      // Points in the module's score: the ending this run reached, or none yet.
      score: function (index) {
        var block = sco.blocks[index];
        var key = position(index).key;
        var points = key.charAt(0) === "e" ? block.endings[Number(key.slice(1))].points : 0;
        return { earned: points, maximum: block.maxPoints };
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
