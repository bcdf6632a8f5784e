/* Read aloud (Samenleer visual version). Each [data-speak] button reads the text of the
   elements whose ids it lists. Every part is read in its own language (the nearest `lang`
   attribute), so Dutch questions are read by a Dutch voice on a phone set to English.
   Buttons, form fields and [data-no-speak] parts are skipped. Without speech synthesis,
   or without a voice for the language, a text message (#voorlezen-niet) shows instead.
   Without speech synthesis the buttons go: app.css keeps their room until this runs. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-speak]");
  if (!buttons.length) { return; }
  var synth = window.speechSynthesis;
  var fallback = document.getElementById("voorlezen-niet");
  function showFallback() { if (fallback) { fallback.hidden = false; } }
  if (!synth || !window.SpeechSynthesisUtterance) {
    /* the room kept for the buttons (app.css) goes to the message */
    Array.prototype.forEach.call(buttons, function (button) { button.parentNode.removeChild(button); });
    showFallback();
    return;
  }

  var REGIONS = { nl: "nl-NL", en: "en-GB" };
  var SKIP = /^(BUTTON|INPUT|TEXTAREA|SELECT|SCRIPT|STYLE|NOSCRIPT|svg)$/;

  function languageOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var owner = element && element.closest("[lang]");
    var tag = owner ? owner.getAttribute("lang") : document.documentElement.lang;
    return (tag || "nl").toLowerCase().split("-")[0];
  }

  /* [{text, lang}] for the element, same-language neighbours joined with a short pause. */
  function partsOf(element, parts) {
    Array.prototype.forEach.call(element.childNodes, function (node) {
      if (node.nodeType === 3) {
        var text = node.textContent.replace(/\s+/g, " ").trim();
        if (!text) { return; }
        var lang = languageOf(node);
        var last = parts[parts.length - 1];
        if (last && last.lang === lang) { last.text += ". " + text; }
        else { parts.push({ text: text, lang: lang }); }
      } else if (node.nodeType === 1 && !SKIP.test(node.nodeName) && !node.hidden
                 && !node.hasAttribute("data-no-speak")
                 && !node.classList.contains("visually-hidden")) {
        partsOf(node, parts);
      }
    });
    return parts;
  }

  function voiceFor(lang) {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().replace("_", "-").split("-")[0] === lang) {
        return voices[i];
      }
    }
    return null;
  }

  function speak(parts) {
    var known = (synth.getVoices() || []).length > 0;
    parts.forEach(function (part) {
      var voice = voiceFor(part.lang);
      if (known && !voice) { showFallback(); return; }  /* never Dutch with an English voice */
      var utterance = new SpeechSynthesisUtterance(part.text);
      utterance.lang = REGIONS[part.lang] || part.lang;
      if (voice) { utterance.voice = voice; }
      utterance.onerror = function (event) {
        if (event.error !== "canceled" && event.error !== "interrupted") { showFallback(); }
      };
      synth.speak(utterance);
    });
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (synth.speaking) { synth.cancel(); return; }
      var parts = [];
      button.getAttribute("data-speak").split(/\s+/).forEach(function (id) {
        var element = document.getElementById(id);
        if (element) { partsOf(element, parts); }
      });
      speak(parts);
    });
  });
})();
