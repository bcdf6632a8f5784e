/* Accordion in a SCO: its sections open and close in the page (assets/block-widgets.js);
 * the player marks it done when the learner goes on, as for text. */
(function (kinds) {
  "use strict";
  kinds.accordion = function (sco) {
    return { render: function (index) { window.BlockWidgets.bind(sco.stageOf(index)); } };
  };
})(window.ScoBlocks = window.ScoBlocks || {});
