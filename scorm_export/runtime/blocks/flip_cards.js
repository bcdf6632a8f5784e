/* Flip cards in a SCO: turning cards happens in the page (assets/block-widgets.js); the
 * learner's "Ik wist het" / "Nog oefenen" marks stay in this browser (not scored, not sent
 * to the LMS). Done when the learner goes on, as for text. */
(function (kinds) {
  "use strict";
  kinds.flip_cards = function (sco) {
    return {
      render: function (index) {
        window.BlockWidgets.bind(sco.stageOf(index),
                                 { storageKey: sco.data.storageKey + ":" + sco.blocks[index].id });
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {});
