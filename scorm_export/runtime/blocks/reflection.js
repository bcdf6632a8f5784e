/* Reflection in a SCO: the learner's text is saved in the state (cut short in suspend_data
 * when it does not fit, whole in localStorage); saving it makes the block done. */
(function (kinds, codec) {
  "use strict";
  codec.field({ letter: "r", slot: "reflection", text: true });

  kinds.reflection = function (sco) {
    return {
      answer: function (index, fields) {
        var state = sco.state();
        var value = String(fields.get("text") || "").replace(/\r\n/g, "\n").trim();
        if (!value) { sco.say(index, sco.text.writeFirst, false); return; }
        if (value.length > sco.blocks[index].max) { sco.say(index, sco.text.tooLong, false); return; }
        state.reflection[index] = value;
        state.done[index] = true;
        sco.changed(index);
        sco.say(index, sco.text.saved, true);
      },
      render: function (index) {
        sco.stageOf(index).querySelector("textarea").value = sco.state().reflection[index] || "";
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
