/* Process steps in a SCO: one step at a time (assets/block-widgets.js); reaching the last
 * step makes the block done (going on does too, as for text). */
(function (kinds) {
  "use strict";
  kinds.process_steps = function (sco) {
    return {
      render: function (index) {
        window.BlockWidgets.bind(sco.stageOf(index), {
          lastStep: function () {
            if (sco.state().done[index]) { return; }
            sco.state().done[index] = true;
            sco.saved();
          }
        });
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {});
