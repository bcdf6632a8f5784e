/* Escape room in a SCO: puzzles solved and whether the door is open are the state; each
 * stage was rendered in advance as view "k<solved>" or "end". The right code makes it done. */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "e", slot: "escape",
    encode: function (room) { return room.solved + (room.finished ? "f" : ""); },
    decode: function (text) { return { solved: parseInt(text, 10) || 0, finished: text.slice(-1) === "f" }; }
  });

  function normalise(answer) {
    return String(answer || "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  kinds.escape_room = function (sco) {
    return {
      viewKey: function (index) {
        var room = sco.state().escape[index];
        if (room && room.finished) { return "end"; }
        return room && room.solved ? "k" + room.solved : "start";
      },
      answer: function (index, fields) {
        var state = sco.state();
        var block = sco.blocks[index];
        var room = state.escape[index] || { solved: 0, finished: false };
        state.escape[index] = room;
        var given;
        if (fields.has("puzzle")) {
          var puzzle = block.puzzles[room.solved];
          given = String(fields.get("answer") || "").trim().slice(0, block.answerMax);
          if (!puzzle || puzzle.id !== fields.get("puzzle") || !given) { return; }
          if (puzzle.answers.indexOf(normalise(given)) < 0) {
            sco.say(index, sco.fill(sco.text.wrongAnswer, { answer: given }), false);
            return;
          }
          room.solved += 1;
        } else if (fields.has("code") && room.solved >= block.puzzles.length) {
          given = String(fields.get("code") || "").trim().slice(0, block.codeMax);
          if (given.replace(/\s+/g, "").toLowerCase() !== block.code) {
            sco.say(index, sco.fill(sco.text.wrongAnswer, { answer: given }), false);
            return;
          }
          room.finished = true;
          state.done[index] = true;
        } else {
          return;
        }
        sco.changed(index);
        sco.focusResult(index);
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
