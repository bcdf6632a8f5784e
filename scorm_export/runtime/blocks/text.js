/* Text in a SCO: nothing to answer; the player marks it done when the learner goes on. */
(function (kinds) {
  "use strict";
  kinds.text = function () { return {}; };
})(window.ScoBlocks = window.ScoBlocks || {});
