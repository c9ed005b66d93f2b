// Enhancements only: every page works without this file.
(function () {
  "use strict";

  function answerOf(form, scope, name) {
    var inputs = form.querySelectorAll('[name="' + scope + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value.trim() !== "") values.push(input.value.trim());
    });
    return values;
  }

  function asNumber(text) {
    var n = Number(String(text).replace(/[\s,£$€¥]/g, ""));
    return isNaN(n) ? null : n;
  }

  function holds(condition, form, scope) {
    if (condition.all) return condition.all.every(function (c) { return holds(c, form, scope); });
    if (condition.any) return condition.any.some(function (c) { return holds(c, form, scope); });
    if (condition.not) return !holds(condition.not, form, scope);
    var values = answerOf(form, scope, condition.field);
    if (!values.length && form.querySelector('[name="' + condition.field + '"]') === null) {
      values = answerOf(form, "", condition.field);
    }
    if ("answered" in condition) return (values.length > 0) === condition.answered;
    if (!values.length) return "not_equals" in condition;
    var same = function (v, expected) { return String(v).toLowerCase() === String(expected).toLowerCase(); };
    if ("equals" in condition) return values.some(function (v) { return same(v, condition.equals); });
    if ("not_equals" in condition) return !values.some(function (v) { return same(v, condition.not_equals); });
    if ("one_of" in condition) return values.some(function (v) { return condition.one_of.some(function (o) { return same(v, o); }); });
    var ops = { greater_than: function (a, b) { return a > b; }, less_than: function (a, b) { return a < b; },
                at_least: function (a, b) { return a >= b; }, at_most: function (a, b) { return a <= b; } };
    for (var op in ops) {
      if (op in condition) {
        var a = asNumber(values[0]), b = asNumber(condition[op]);
        return a !== null && b !== null && ops[op](a, b);
      }
    }
    return true;
  }

  function updateReveals(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var condition = JSON.parse(block.getAttribute("data-show-if"));
      block.hidden = !holds(condition, form, block.getAttribute("data-scope") || "");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-show-if]")) {
        updateReveals(form);
        form.addEventListener("change", function () { updateReveals(form); });
        form.addEventListener("input", function () { updateReveals(form); });
      }
      form.addEventListener("submit", function (event) {
        var button = form.querySelector("[data-prevent-double-click]");
        if (!button) return;
        if (form.dataset.submitted) { event.preventDefault(); return; }
        form.dataset.submitted = "1";
      });
    });
  });
})();
