/* Quiz in a SCO: the options chosen per question are the state (the latest attempt);
 * results are built here from the page's data with the classes and texts of
 * blocks/quiz.html, scored by the player's rules (lti_tool/blocks/quiz.py). */
(function (kinds, codec) {
  "use strict";
  codec.field({
    letter: "q", slot: "quiz",
    encode: function (answers) { return answers.map(codec.digits).join("."); },
    decode: function (text) { return text.split(".").map(codec.undigits); }
  });

  kinds.quiz = function (sco) {
    var make = sco.make;
    var fill = sco.fill;
    var text = sco.text;

    function questionPoints(question, chosen) {
      var right = [];
      question.options.forEach(function (option, k) { if (option.correct) { right.push(k); } });
      if (question.kind === "single") {
        return chosen.length === 1 && right.indexOf(chosen[0]) >= 0 ? question.points : 0;
      }
      if (!right.length) { return 0; }
      var hits = chosen.filter(function (k) { return right.indexOf(k) >= 0; }).length;
      var misses = chosen.length - hits;
      return sco.round(question.points * Math.max(0, (hits - misses) / right.length), 2);
    }
    function scoreQuiz(block, answers) {
      var earned = 0;
      var maximum = 0;
      var questions = block.questions.map(function (question, q) {
        var chosen = answers[q] || [];
        var points = questionPoints(question, chosen);
        earned += points;
        maximum += question.points;
        var correct = question.options.every(function (o, k) { return o.correct === (chosen.indexOf(k) >= 0); });
        return { question: question, chosen: chosen, earned: points, correct: correct };
      });
      earned = sco.round(earned, 2);
      var percent = maximum ? sco.round(100 * earned / maximum, 1) : 0;
      return { questions: questions, earned: earned, maximum: maximum, percent: percent,
               passed: percent >= sco.data.passMark };
    }
    // How a right option the learner did not choose is named: "Ook goed" only beside
    // another right answer the learner found (QuestionResult.missed_label in the player).
    function missedLabel(result) {
      var right = result.question.options.filter(function (o) { return o.correct; }).length;
      if (right === 1) { return text.theRight; }
      var found = result.chosen.some(function (k) { return result.question.options[k].correct; });
      return found ? text.alsoRight : text.aRight;
    }
    function optionItem(option, label) {
      var chosen = label === null;
      var item = make("li", "feedback " + (!chosen ? "missed" : option.correct ? "correct" : "incorrect"));
      item.appendChild(make("strong", "", (chosen ? text.yourChoice : label) + ": " + option.text));
      if (chosen) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(make("span", "verdict", option.correct ? text.itemRight : text.itemWrong));
      }
      item.appendChild(make("br"));
      item.appendChild(document.createTextNode(option.feedback));
      return item;
    }
    function questionResult(block, result, n) {
      var question = result.question;
      var id = block.id + "-r-" + question.id;
      var section = make("section", "question-result");
      section.setAttribute("aria-labelledby", id);
      var heading = make("h3", "", fill(text.question, { n: n }) + ": ");
      heading.id = id;
      var prompt = make("span");
      prompt.innerHTML = question.prompt;  // sanitised Markdown from the export, not learner text
      heading.appendChild(prompt);
      section.appendChild(heading);
      var verdict = result.correct ? text.right : result.earned > 0 ? text.partly : text.wrong;
      if (question.points > 1) {
        verdict += " " + fill(text.points, { earned: sco.num(sco.round(result.earned, 1)), points: question.points });
      }
      section.appendChild(make("p", "points", verdict));
      if (!result.chosen.length) { section.appendChild(make("p", "", text.unanswered)); }
      var list = make("ul", "option-feedback");
      question.options.forEach(function (option, k) {
        if (result.chosen.indexOf(k) >= 0) { list.appendChild(optionItem(option, null)); }
      });
      question.options.forEach(function (option, k) {
        if (option.correct && result.chosen.indexOf(k) < 0) { list.appendChild(optionItem(option, missedLabel(result))); }
      });
      section.appendChild(list);
      return section;
    }
    function showResult(index) {
      var block = sco.blocks[index];
      var stage = sco.stageOf(index);
      var result = scoreQuiz(block, sco.state().quiz[index]);
      var form = stage.querySelector("form");
      var body = stage.firstElementChild;
      if (form) { form.remove(); }
      var total = result.questions.length;
      var right = result.questions.filter(function (question) { return question.correct; }).length;
      var tally = total === 1 ? (right ? text.answerRight : text.answerWrong)
                              : fill(text.questionsRight, { right: right, total: total });
      // A whole percentage, rounded down, as the player shows it (QuizResult.shown_percent).
      var line = make("p", "feedback " + (result.passed ? "correct" : "incorrect") + " quiz-summary",
        tally + " " + fill(text.quizScore, { percent: Math.floor(result.percent) }) + " ");
      line.appendChild(make("strong", "", result.passed ? text.quizPassed : text.quizFailed));
      if (!result.passed) { line.appendChild(document.createTextNode(" " + fill(text.quizNeeds, { mark: sco.data.passMark }))); }
      stage.querySelector("#resultaat").replaceChildren(line);
      result.questions.forEach(function (question, q) { body.appendChild(questionResult(block, question, q + 1)); });
      var row = make("p", "button-row");
      var again = make("button", "secondary", text.retry);
      again.type = "button";
      again.setAttribute("data-retry", String(index));
      row.appendChild(again);
      body.appendChild(row);
    }

    return {
      answer: function (index, fields) {
        var state = sco.state();
        var block = sco.blocks[index];
        var answers = block.questions.map(function (question) {
          var chosen = fields.getAll("q-" + question.id).map(function (id) {
            return question.options.map(function (o) { return o.id; }).indexOf(id);
          }).filter(function (k) { return k >= 0; });
          return question.kind === "single" ? chosen.slice(0, 1) : chosen;
        });
        if (!answers.some(function (a) { return a.length; })) { sco.say(index, text.chooseFirst, false); return; }
        state.quiz[index] = answers;
        state.done[index] = true;
        sco.retrying[index] = false;
        sco.changed(index);
        sco.focusResult(index);
      },
      render: function (index) {
        if (sco.state().quiz[index] && !sco.retrying[index]) { showResult(index); }
      },
      // Points in the module's score: the latest attempt's, or none yet.
      score: function (index) {
        var answers = sco.state().quiz[index];
        var result = scoreQuiz(sco.blocks[index], answers || []);
        return { earned: answers ? result.earned : 0, maximum: result.maximum };
      }
    };
  };
})(window.ScoBlocks = window.ScoBlocks || {}, window.ScoCodec);
