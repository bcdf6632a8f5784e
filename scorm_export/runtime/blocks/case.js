/* Casuïstiek in a SCO: the choices of this run are the state; each consequence was
 * rendered in advance as view "s<step>c<choice>". Reaching an ending makes the block done. */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "c", slot: "path",
    encode: function (path) { return path.length ? codec.digits(path) : null; },
    decode: codec.undigits
  });

  kinds["case"] = function (sco) {
    function position(index) {
      var steps = sco.blocks[index].steps;
      var step = 0;
      var last = null;
      (sco.state().path[index] || []).forEach(function (choice) {
        var here = steps[step] && steps[step].choices[choice];
        if (!here) { return; }
        last = "s" + step + "c" + choice;
        step = here.next;
      });
      return { key: last || "start", step: last ? step : 0 };
    }
    return {
      viewKey: function (index) { return position(index).key; },
      answer: function (index, fields) {
        var state = sco.state();
        var steps = sco.blocks[index].steps;
        if (fields.has("restart")) {
          state.path[index] = [];
        } else {
          var step = steps[position(index).step];
          if (!step || step.id !== fields.get("step")) { return; }
          var choice = step.choices.map(function (c) { return c.id; }).indexOf(fields.get("choice"));
          if (choice < 0) { return; }
          state.path[index] = (state.path[index] || []).concat([choice]);
          if (step.choices[choice].next < 0) { state.done[index] = true; }
        }
        sco.changed(index);
        sco.focusResult(index);
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
