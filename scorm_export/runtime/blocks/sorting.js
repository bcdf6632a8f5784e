/* Sorting in a SCO: the learner's latest arrangement is the state (sequencing: the shown
 * items' positions in the learner's order; matching: each shown item's category), one
 * base-36 digit each. Results are built with the classes and texts of blocks/sorting.html
 * and scored by the player's rule (lti_tool/blocks/sorting.py): one point per item in its
 * right place. Each answer is reported as a cmi.interaction ("sequencing" or "matching"). */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "s", slot: "sorting",
    encode: function (list) { return codec.digits(list); },
    decode: codec.undigits
  });

  kinds.sorting = function (sco) {
    var make = sco.make;
    var fill = sco.fill;
    var text = sco.text;

    function read(block, fields) {
      if (block.mode === "matching") {
        var categories = block.categories.map(function (c) { return c.id; });
        var placed = block.items.map(function (item) { return categories.indexOf(fields.get("cat-" + item.id)); });
        return placed.every(function (k) { return k >= 0; }) ? placed : null;
      }
      var places = block.items.map(function (item) { return parseInt(fields.get("pos-" + item.id), 10); });
      if (!places.every(function (p) { return p >= 1 && p <= block.items.length; })) { return null; }
      return block.items.map(function (item, k) { return k; })
        .sort(function (a, b) { return places[a] - places[b] || a - b; });
    }
    function results(block, answer) {
      if (block.mode === "matching") {
        return block.items.map(function (item, k) {
          var given = block.categories[answer[k]];
          return { item: item, given: given, right: !!given && given.id === item.category };
        });
      }
      return answer.map(function (k, place) {
        var item = block.items[k];
        return { item: item, given: place + 1, right: item.place === place + 1 };
      });
    }
    function label(block, id) {
      return block.categories.filter(function (c) { return c.id === id; })[0].label;
    }
    function itemLine(block, result) {
      var li = make("li", "feedback " + (result.right ? "correct" : "incorrect"));
      li.setAttribute("data-item", result.item.id);
      li.appendChild(make("strong", "", result.item.text));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(make("span", "verdict", result.right ? text.itemRight : text.itemWrong));
      li.appendChild(make("br"));
      var where;
      if (block.mode === "matching") {
        var expected = label(block, result.item.category);
        where = result.right ? fill(text.sortCatRight, { category: expected })
          : fill(text.sortCatWrong, { given: result.given ? result.given.label : "-", category: expected });
      } else {
        where = result.right ? fill(text.sortPlaceRight, { place: result.item.place })
          : fill(text.sortPlaceWrong, { given: result.given, place: result.item.place });
      }
      li.appendChild(document.createTextNode(where));
      li.appendChild(make("br"));
      li.appendChild(make("span", "", result.item.feedback));
      return li;
    }
    function earned(list) {
      return list.filter(function (r) { return r.right; }).length;
    }
    function showResult(index) {
      var block = sco.blocks[index];
      var stage = sco.stageOf(index);
      var list = results(block, sco.state().sorting[index]);
      var right = earned(list);
      var form = stage.querySelector("form");
      var body = stage.firstElementChild;
      if (form) { form.remove(); }
      var all = right === list.length;
      var line = make("p", "feedback " + (all ? "correct" : "incorrect") + " sorting-summary");
      if (all) { line.appendChild(make("strong", "", text.sortAll)); }
      else { line.textContent = fill(text.sortSome, { right: right, total: list.length }) + " " + text.sortWhy; }
      stage.querySelector("#resultaat").replaceChildren(line);
      var items = make("ol", "sorting-result");
      list.forEach(function (result) { items.appendChild(itemLine(block, result)); });
      body.appendChild(items);
      var row = make("p", "button-row");
      var again = make("button", "secondary", text.retry);
      again.type = "button";
      again.setAttribute("data-retry", String(index));
      row.appendChild(again);
      body.appendChild(row);
    }
    function report(block, answer, right) {
      var record = { id: block.id, type: block.mode, weighting: block.points, correct: right === block.items.length };
      if (block.mode === "matching") {
        var ids = block.categories.map(function (c) { return c.id; });
        record.response = block.items.map(function (item, k) { return item.id + "[.]" + ids[answer[k]]; }).join("[,]");
        record.patterns = [block.items.map(function (item) { return item.id + "[.]" + item.category; }).join("[,]")];
        record.response12 = answer.map(function (c, k) { return codec.digits([k]) + "." + codec.digits([c]); }).join(",");
        record.patterns12 = [block.items.map(function (item, k) {
          return codec.digits([k]) + "." + codec.digits([ids.indexOf(item.category)]);
        }).join(",")];
      } else {
        var right12 = block.items.map(function (item, k) { return k; })
          .sort(function (a, b) { return block.items[a].place - block.items[b].place; });
        record.response = answer.map(function (k) { return block.items[k].id; }).join("[,]");
        record.patterns = [right12.map(function (k) { return block.items[k].id; }).join("[,]")];
        record.response12 = answer.map(function (k) { return codec.digits([k]); }).join(",");
        record.patterns12 = [right12.map(function (k) { return codec.digits([k]); }).join(",")];
      }
      sco.interaction(record);
    }

    return {
      answer: function (index, fields) {
        var block = sco.blocks[index];
        var answer = read(block, fields);
        if (!answer) { sco.say(index, text.eachItem, false); return; }
        var state = sco.state();
        state.sorting[index] = answer;
        state.done[index] = true;
        sco.retrying[index] = false;
        report(block, answer, earned(results(block, answer)));
        sco.changed(index);
        sco.focusResult(index);
      },
      render: function (index) {
        if (sco.state().sorting[index] && !sco.retrying[index]) { showResult(index); }
        else if (window.SortingDrag) { window.SortingDrag.enhance(sco.stageOf(index)); }
      },
      score: function (index) {
        var block = sco.blocks[index];
        var answer = sco.state().sorting[index];
        return { earned: answer ? earned(results(block, answer)) : 0, maximum: block.points };
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
