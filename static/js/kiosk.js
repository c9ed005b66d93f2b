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
    // Shown as the answer is given, a question needs no sentence saying when it applies.
    form.querySelectorAll("[data-applies-when]").forEach(function (when) { when.hidden = true; });
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var condition = JSON.parse(block.getAttribute("data-show-if"));
      block.hidden = !holds(condition, form, block.getAttribute("data-scope") || "");
    });
  }

  // Documents: drag and drop, a camera button on touch screens, and uploads with a
  // progress bar. Without this the same form posts and the page reloads.
  function sendWithProgress(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var section = submitter ? submitter.closest(".document") : null;
    var sectionTitle = section ? section.getAttribute("aria-labelledby") : null;
    var bar = section ? section.querySelector("[data-upload-progress]") : null;
    var status = form.querySelector("[data-upload-status]");
    var request = new XMLHttpRequest();
    // not form.action: the buttons named "action" shadow that property
    request.open("POST", form.getAttribute("action") || window.location.href);
    if (bar) { bar.hidden = false; bar.value = 0; }
    form.setAttribute("aria-busy", "true");
    request.upload.addEventListener("progress", function (event) {
      if (bar && event.lengthComputable) bar.value = Math.round(100 * event.loaded / event.total);
    });
    request.addEventListener("load", function () {
      if (request.responseURL && new URL(request.responseURL).pathname !== window.location.pathname) {
        window.location.assign(request.responseURL);  // the server sent us elsewhere
        return;
      }
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.querySelector("main");
      if (!main) { window.location.reload(); return; }
      document.title = page.title;
      document.querySelector("main").replaceWith(main);
      enhanceDocuments();
      var summary = main.querySelector("[data-error-summary]");
      var heading = main.querySelector("h1");
      var newStatus = main.querySelector("[data-upload-status]");
      if (newStatus) newStatus.textContent = summary ? "" : (status ? status.getAttribute("data-done") || "" : "");
      // Back to the document just changed (its heading names it), not the top of the page.
      var target = summary || (sectionTitle && document.getElementById(sectionTitle)) || heading;
      if (target && target !== summary) target.setAttribute("tabindex", "-1");
      if (target) target.focus();
    });
    request.addEventListener("error", function () { window.location.reload(); });
    request.send(data);
  }

  function enhanceDocuments() {
    var form = document.querySelector("[data-document-uploads]");
    if (!form || form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
      form.querySelectorAll("[data-camera]").forEach(function (camera) { camera.hidden = false; });
    }
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!window.FormData || !window.DOMParser) return;
      // Only what stays on this page goes in the background; "Continue" leaves it, and
      // the address bar must follow.
      if (!submitter || !/^(upload-|remove-|in-person-)/.test(submitter.value)) return;
      event.preventDefault();
      sendWithProgress(form, submitter);
    });
    form.querySelectorAll("[data-drop-zone]").forEach(function (zone) {
      var input = zone.querySelector("input[type=file]");
      var upload = zone.querySelector("button[value^=upload-]");
      ["dragenter", "dragover"].forEach(function (type) {
        zone.addEventListener(type, function (event) {
          event.preventDefault();
          zone.classList.add("drop-zone--active");
        });
      });
      ["dragleave", "drop"].forEach(function (type) {
        zone.addEventListener(type, function () { zone.classList.remove("drop-zone--active"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (!event.dataTransfer || !event.dataTransfer.files.length) return;
        input.files = event.dataTransfer.files;
        sendWithProgress(form, upload);
      });
    });
  }

  // Confirmation: the PDF box updates by itself until the PDF is ready (or failed).
  function followPdfStatus(box, attempt) {
    if (!box || box.getAttribute("data-pdf-status") !== "pending" || attempt > 90) return;
    box.querySelectorAll("[data-pdf-check-again]").forEach(function (link) { link.hidden = true; });
    window.setTimeout(function () {
      var request = new XMLHttpRequest();
      request.open("GET", box.getAttribute("data-pdf-status-url"));
      request.addEventListener("load", function () {
        if (request.status !== 200) return followPdfStatus(box, attempt + 1);
        var fresh = new DOMParser().parseFromString(request.responseText, "text/html")
          .querySelector("[data-pdf-status]");
        if (!fresh) return;
        if (fresh.getAttribute("data-pdf-status") === "pending") return followPdfStatus(box, attempt + 1);
        box.replaceWith(fresh);
      });
      request.addEventListener("error", function () { followPdfStatus(box, attempt + 1); });
      request.send();
    }, attempt < 10 ? 1000 : 3000);
  }

  // Declaration: draw a signature with a finger, pen or mouse (pointer events). The
  // typed name stays the way to sign without drawing.
  function enhanceSignaturePad(pad) {
    var canvas = pad.querySelector("canvas");
    var output = pad.querySelector("input[name=signature_image]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var strokes = 0;
    pad.hidden = false;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#0b0c0c";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width,
               y: (event.clientY - box.top) * canvas.height / box.height };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var at = point(event);
      context.beginPath();
      context.moveTo(at.x, at.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var at = point(event);
      context.lineTo(at.x, at.y);
      context.stroke();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      strokes += 1;
      output.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    pad.querySelector("[data-signature-clear]").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      output.value = "";
      strokes = 0;
    });
  }

  function keepSignedInWhileTyping(form) {
    // Typing is activity: tell the back office at most once a minute, so that a note
    // which takes long to write is not lost to the idle sign-out.
    var last = 0;
    form.addEventListener("input", function () {
      if (Date.now() - last < 60000) return;
      last = Date.now();
      fetch(form.dataset.keepSignedIn, { credentials: "same-origin", cache: "no-store" })
        .catch(function () {});
    });
  }

  // The batch to print opens in a new tab; when the clerk comes back to the inbox, it
  // is loaded again so that it shows the new "Printed" tags and no stale ticks.
  // (Or, if the inbox stays in view, e.g. the PDF opened in a window beside it, after a
  // few seconds, by when a batch is usually made.)
  function refreshAfterPrinting(form) {
    var printed = false;
    function refresh() {
      if (!printed || document.visibilityState !== "visible") return;
      var url = new URL(window.location.href);
      url.searchParams.delete("select");
      url.searchParams.delete("print_error");
      window.location.replace(url.toString());
    }
    form.addEventListener("submit", function () {
      printed = true;
      window.setTimeout(refresh, 4000);
    });
    document.addEventListener("visibilitychange", refresh);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-keep-signed-in]").forEach(keepSignedInWhileTyping);
    document.querySelectorAll("form[data-print-batch]").forEach(refreshAfterPrinting);
    document.querySelectorAll("[data-signature-pad]").forEach(enhanceSignaturePad);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    enhanceDocuments();
    followPdfStatus(document.querySelector("[data-pdf-status]"), 0);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

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
