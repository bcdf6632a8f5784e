/* A figure in a SCO: nothing to answer; the player marks it done when the learner goes on. */
(function (kinds) {
  "use strict";
  kinds.figure = function () { return {}; };
})(window.ScoBlocks = window.ScoBlocks || {});
