/* Read aloud (Samenleer visual version): each [data-speak] button reads the text of the
   elements whose ids it lists, in Dutch. Without speech synthesis a text message shows. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-speak]");
  if (!buttons.length) { return; }
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) {
    var fallback = document.getElementById("voorlezen-niet");
    if (fallback) { fallback.hidden = false; }
    return;
  }

  function dutchVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^nl(-|_|$)/i.test(voices[i].lang)) { return voices[i]; }
    }
    return null;
  }

  function textOf(ids) {
    var parts = [];
    ids.split(/\s+/).forEach(function (id) {
      var element = document.getElementById(id);
      if (!element) { return; }
      var labels = element.querySelectorAll("legend, label");
      var pieces = labels.length ? Array.prototype.map.call(labels, function (l) { return l.textContent; })
                                 : [element.textContent];
      pieces.forEach(function (piece) {
        var clean = piece.replace(/\s+/g, " ").trim();
        if (clean) { parts.push(clean); }
      });
    });
    return parts.join(". ");
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (synth.speaking) { synth.cancel(); return; }
      var utterance = new SpeechSynthesisUtterance(textOf(button.getAttribute("data-speak")));
      utterance.lang = "nl-NL";
      var voice = dutchVoice();
      if (voice) { utterance.voice = voice; }
      synth.speak(utterance);
    });
  });
})();
