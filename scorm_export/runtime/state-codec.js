/* The learner's state in a SCO and its compact, versioned cmi.suspend_data encoding.
 *
 *   v1|d=<done blocks, hex bitset>|q<i>=<options per question>|c<i>=<case choices>
 *     |e<i>=<puzzles solved>[f]|r<i>=<reflection text>|R<i>=<reflection text, cut short>
 *
 * <i> is the block's position in the module; option and choice positions are single
 * base-36 digits, questions are separated by ".". The encoding never exceeds the budget
 * it is given (4096 characters in SCORM 1.2): reflection texts go last, are cut short
 * (R) or left out when they do not fit, and stay whole in localStorage.
 */
(function (global) {
  "use strict";
  var VERSION = "v1";
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

  function empty(count) {
    var done = [];
    for (var i = 0; i < count; i++) { done.push(false); }
    return { done: done, quiz: {}, reflection: {}, path: {}, escape: {}, location: 0 };
  }

  function bitset(flags) {
    var out = "";
    for (var i = 0; i < flags.length; i += 4) {
      var nibble = 0;
      for (var bit = 0; bit < 4; bit++) { if (flags[i + bit]) { nibble |= 1 << bit; } }
      out += nibble.toString(16);
    }
    return out;
  }

  function unbitset(hex, count) {
    var flags = empty(count).done;
    for (var i = 0; i < count; i++) {
      var nibble = parseInt(hex.charAt(Math.floor(i / 4)) || "0", 16) || 0;
      flags[i] = (nibble & (1 << (i % 4))) !== 0;
    }
    return flags;
  }

  function digits(list) {
    return list.map(function (n) { return DIGITS.charAt(n); }).join("");
  }

  function undigits(text) {
    return text.split("").map(function (ch) { return DIGITS.indexOf(ch); })
      .filter(function (n) { return n >= 0; });
  }

  function coreFields(state) {
    var fields = ["d=" + bitset(state.done)];
    Object.keys(state.quiz).forEach(function (i) {
      fields.push("q" + i + "=" + state.quiz[i].map(digits).join("."));
    });
    Object.keys(state.path).forEach(function (i) {
      if (state.path[i].length) { fields.push("c" + i + "=" + digits(state.path[i])); }
    });
    Object.keys(state.escape).forEach(function (i) {
      var room = state.escape[i];
      fields.push("e" + i + "=" + room.solved + (room.finished ? "f" : ""));
    });
    return fields;
  }

  /* The longest start of `text` whose URI encoding fits in `room` characters. */
  function encodedPrefix(text, room) {
    var out = "";
    for (var ch of text) {
      var piece = encodeURIComponent(ch);
      if (out.length + piece.length > room) { break; }
      out += piece;
    }
    return out;
  }

  function encode(state, budget) {
    var text = [VERSION].concat(coreFields(state)).join("|");
    if (text.length > budget) { text = VERSION + "|d=" + bitset(state.done); }
    if (text.length > budget) { return VERSION; }
    Object.keys(state.reflection).forEach(function (i) {
      var whole = "|r" + i + "=" + encodeURIComponent(state.reflection[i]);
      if (text.length + whole.length <= budget) { text += whole; return; }
      var head = "|R" + i + "=";
      var room = budget - text.length - head.length;
      var part = room > 0 ? encodedPrefix(state.reflection[i], room) : "";
      if (part) { text += head + part; }
    });
    return text;
  }

  /* The state in `text`, or null when it is not a v1 encoding. `truncated[i]` marks
   * reflection texts that were cut short to fit. */
  function decode(text, count) {
    if (typeof text !== "string" || (text !== VERSION && text.indexOf(VERSION + "|") !== 0)) {
      return null;
    }
    var state = empty(count);
    state.truncated = {};
    text.split("|").slice(1).forEach(function (field) {
      var eq = field.indexOf("=");
      if (eq < 1) { return; }
      var kind = field.charAt(0);
      var value = field.slice(eq + 1);
      if (kind === "d") { state.done = unbitset(value, count); return; }
      var index = parseInt(field.slice(1, eq), 10);
      if (!(index >= 0 && index < count)) { return; }
      if (kind === "q") { state.quiz[index] = value.split(".").map(undigits); }
      else if (kind === "c") { state.path[index] = undigits(value); }
      else if (kind === "e") {
        state.escape[index] = { solved: parseInt(value, 10) || 0, finished: value.slice(-1) === "f" };
      } else if (kind === "r" || kind === "R") {
        try { state.reflection[index] = decodeURIComponent(value); } catch (error) { return; }
        if (kind === "R") { state.truncated[index] = true; }
      }
    });
    return state;
  }

  global.ScoCodec = { empty: empty, encode: encode, decode: decode };
})(window);
