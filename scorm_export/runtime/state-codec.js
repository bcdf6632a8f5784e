/* The learner's state in a SCO and its compact, versioned cmi.suspend_data encoding.
 *
 *   v1|d=<done blocks, hex bitset>|q<i>=<options per question>|c<i>=<case choices>
 *     |e<i>=<puzzles solved>[f]|r<i>=<reflection text>|R<i>=<reflection text, cut short>
 *
 * <i> is the block's position in the module. Each block type's runtime file
 * (runtime/blocks/<type>.js) declares its own field with ScoCodec.field: its letter, the
 * slot of the state it fills, and how a value is written and read (option and choice
 * positions are single base-36 digits, questions are separated by "."). The encoding never
 * exceeds the budget it is given (4096 characters in SCORM 1.2): free texts go last, are
 * cut short (upper-case letter) or left out when they do not fit, and stay whole in
 * localStorage.
 */
(function (global) {
  "use strict";
  var VERSION = "v1";
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var fields = [];  // in the order the block types declared them; free texts ("text": true) last

  /* A block type's part of the state: {letter, slot, encode(value) -> string or null,
   * decode(string) -> value}, or {letter, slot, text: true} for a free text. */
  function field(spec) {
    fields.push(spec);
  }

  function empty(count) {
    var done = [];
    for (var i = 0; i < count; i++) { done.push(false); }
    var state = { done: done, location: 0 };
    fields.forEach(function (spec) { state[spec.slot] = {}; });
    return state;
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
    var out = ["d=" + bitset(state.done)];
    fields.forEach(function (spec) {
      if (spec.text) { return; }
      Object.keys(state[spec.slot]).forEach(function (i) {
        var value = spec.encode(state[spec.slot][i]);
        if (value !== null) { out.push(spec.letter + i + "=" + value); }
      });
    });
    return out;
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
    fields.forEach(function (spec) {
      if (!spec.text) { return; }
      var texts = state[spec.slot];
      Object.keys(texts).forEach(function (i) {
        var whole = "|" + spec.letter + i + "=" + encodeURIComponent(texts[i]);
        if (text.length + whole.length <= budget) { text += whole; return; }
        var head = "|" + spec.letter.toUpperCase() + i + "=";
        var room = budget - text.length - head.length;
        var part = room > 0 ? encodedPrefix(texts[i], room) : "";
        if (part) { text += head + part; }
      });
    });
    return text;
  }

  /* The state in `text`, or null when it is not a v1 encoding. `truncated[i]` names the slot
   * of a free text that was cut short to fit. */
  function decode(text, count) {
    if (typeof text !== "string" || (text !== VERSION && text.indexOf(VERSION + "|") !== 0)) {
      return null;
    }
    var state = empty(count);
    state.truncated = {};
    text.split("|").slice(1).forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 1) { return; }
      var kind = part.charAt(0);
      var value = part.slice(eq + 1);
      if (kind === "d") { state.done = unbitset(value, count); return; }
      var index = parseInt(part.slice(1, eq), 10);
      if (!(index >= 0 && index < count)) { return; }
      var spec = fields.filter(function (f) {
        return f.letter === kind || (f.text && f.letter.toUpperCase() === kind);
      })[0];
      if (!spec) { return; }
      if (!spec.text) { state[spec.slot][index] = spec.decode(value); return; }
      try { state[spec.slot][index] = decodeURIComponent(value); } catch (error) { return; }
      if (kind !== spec.letter) { state.truncated[index] = spec.slot; }
    });
    return state;
  }

  global.ScoCodec = { field: field, digits: digits, undigits: undigits,
                      empty: empty, encode: encode, decode: decode };
})(window);
