// Kiosk mode only: the idle warning and wipe, the network-loss screen and the
// on-screen keyboard. Loaded on enrolled kiosks; every page still works without it.
(function () {
  "use strict";

  var body = document.body;
  if (!body.hasAttribute("data-kiosk")) return;

  var idleSeconds = Number(body.getAttribute("data-idle-seconds")) || 90;
  var warningSeconds = Number(body.getAttribute("data-warning-seconds")) || 30;
  var wipeUrl = body.getAttribute("data-wipe-url");
  var healthUrl = body.getAttribute("data-health-url");

  // -- Idle: after idleSeconds without a touch or a key, ask; with no answer, wipe. --

  var dialog = document.getElementById("idle-dialog");
  var countdown = dialog && dialog.querySelector("[data-idle-countdown]");
  var idleTimer = null;
  var tickTimer = null;
  var left = warningSeconds;
  var focusBefore = null;

  function background(inert) {
    Array.prototype.forEach.call(body.children, function (child) {
      if (child.classList && child.classList.contains("kiosk-dialog")) return;
      if (child.id === "osk") return;
      if (inert) child.setAttribute("inert", ""); else child.removeAttribute("inert");
    });
  }

  function wipe() {
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* none */ }
    var form = document.createElement("form");
    form.method = "post";
    form.action = wipeUrl;
    body.appendChild(form);
    form.submit();
  }

  function tick() {
    left -= 1;
    if (countdown) countdown.textContent = String(Math.max(left, 0));
    if (left <= 0) {
      window.clearInterval(tickTimer);
      wipe();
    }
  }

  function warn() {
    if (!dialog) { wipe(); return; }
    focusBefore = document.activeElement;
    left = warningSeconds;
    if (countdown) countdown.textContent = String(left);
    dialog.hidden = false;
    background(true);
    hideKeyboard();
    dialog.querySelector("[data-idle-yes]").focus();
    tickTimer = window.setInterval(tick, 1000);
  }

  function stillHere() {
    if (dialog && !dialog.hidden) {
      window.clearInterval(tickTimer);
      dialog.hidden = true;
      background(false);
      if (focusBefore && focusBefore.focus) focusBefore.focus();
    }
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(warn, idleSeconds * 1000);
  }

  if (dialog) {
    dialog.querySelector("[data-idle-yes]").addEventListener("click", stillHere);
  }
  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function () {
      if (dialog && !dialog.hidden) return; // only "Yes" ends the warning
      stillHere();
    }, { passive: true, capture: true });
  });
  stillHere();

  // -- Network loss: a screen that retries; forms wait until the server answers. --

  var offline = document.getElementById("offline-dialog");
  var retryTimer = null;

  function reachable() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 4000) : null;
    return fetch(healthUrl, { cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) { window.clearTimeout(timer); return response.ok; })
      .catch(function () { window.clearTimeout(timer); return false; });
  }

  function showOffline(onBack) {
    if (!offline) return;
    offline.hidden = false;
    background(true);
    window.clearInterval(retryTimer);
    retryTimer = window.setInterval(function () {
      reachable().then(function (ok) {
        if (!ok) return;
        window.clearInterval(retryTimer);
        offline.hidden = true;
        background(false);
        if (onBack) onBack();
      });
    }, 3000);
  }

  window.addEventListener("offline", function () { showOffline(null); });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("action") === wipeUrl) return;
    if (form.dataset.reachable === "yes") { delete form.dataset.reachable; return; }
    // Hold the submission (before the page's own handlers see it) until the server answers.
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter || null;
    function send() {
      form.dataset.reachable = "yes";
      if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
    }
    reachable().then(function (ok) {
      if (ok) send(); else showOffline(send);
    });
  }, true);

  // -- The on-screen keyboard, in the page's script, for screens without a keyboard. --

  var osk = document.getElementById("osk");
  var keyboardOn = body.getAttribute("data-keyboard") === "on" && osk;
  var labels = osk ? JSON.parse(osk.getAttribute("data-osk-labels") || "{}") : {};
  var LATIN = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "@.-_'"];
  var LAYOUTS = {
    latin: LATIN,
    es: LATIN.concat(["áéíóúñü¿¡"]),
    vi: LATIN.concat(["ăâđêôơư", "\u0300\u0301\u0309\u0303\u0323"]),
    ar: ["1234567890", "ضصثقفغعهخحج", "شسيبلاتنمكط", "ئءؤرىةوزظدذ", "أإآ،.@-"]
  };
  var target = null;
  var shifted = false;
  var latinOnly = false;

  function language() {
    return (document.documentElement.lang || "en").split("-")[0];
  }

  function layoutRows() {
    var lang = language();
    if (!latinOnly && LAYOUTS[lang]) return LAYOUTS[lang];
    return LAYOUTS.latin;
  }

  function typeable(element) {
    if (!element || element.disabled || element.readOnly) return false;
    if (element.tagName === "TEXTAREA") return true;
    if (element.tagName !== "INPUT") return false;
    return ["text", "email", "tel", "number", "search", "password", "url"].indexOf(element.type) >= 0;
  }

  function insert(text) {
    if (!target) return;
    var value = target.value;
    var start = value.length, end = value.length;
    try {
      if (typeof target.selectionStart === "number") { start = target.selectionStart; end = target.selectionEnd; }
    } catch (e) { /* email and number inputs have no selection */ }
    var next;
    if (text === null) { // delete
      if (start === end && start > 0) start -= 1;
      next = value.slice(0, start) + value.slice(end);
    } else {
      next = value.slice(0, start) + text + value.slice(end);
      start += text.length;
    }
    var before = next.length;
    next = next.normalize ? next.normalize("NFC") : next; // Vietnamese tone marks compose
    start -= before - next.length;
    if (target.maxLength > 0 && next.length > target.maxLength) return;
    target.value = next;
    try { target.setSelectionRange(start, start); } catch (e) { /* see above */ }
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function key(label, action, wide, name) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "osk__key" + (wide ? " osk__key--wide" : "");
    button.textContent = label;
    if (name) button.setAttribute("aria-label", name);
    button.addEventListener("pointerdown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { action(); if (target) target.focus(); });
    return button;
  }

  function render() {
    osk.textContent = "";
    osk.setAttribute("role", "group");
    osk.setAttribute("aria-label", labels.keyboard || "Keyboard");
    layoutRows().forEach(function (row) {
      var line = document.createElement("div");
      line.className = "osk__row";
      Array.from(row).forEach(function (character) {
        var shown = shifted ? character.toLocaleUpperCase() : character;
        var label = /[\u0300-\u036f]/.test(character) ? "\u25cc" + character : shown;
        line.appendChild(key(label, function () { insert(shown); if (shifted) { shifted = false; render(); } }));
      });
      osk.appendChild(line);
    });
    var last = document.createElement("div");
    last.className = "osk__row";
    last.appendChild(key("⇧", function () { shifted = !shifted; render(); }, false, labels.shift));
    if (LAYOUTS[language()]) {
      last.appendChild(key(latinOnly ? "↺" : "ABC", function () { latinOnly = !latinOnly; render(); }, false));
    }
    last.appendChild(key(labels.space || "Space", function () { insert(" "); }, true));
    last.appendChild(key("⌫", function () { insert(null); }, false, labels.backspace));
    last.appendChild(key("✕", hideKeyboard, false, labels.close));
    osk.appendChild(last);
  }

  function showKeyboard(element) {
    target = element;
    if (!keyboardOn) return;
    render();
    osk.hidden = false;
    body.classList.add("osk-open");
    aboveKeyboard(element);
  }

  // The field in the middle of the screen above the keyboard, not of the whole screen:
  // in landscape the keyboard starts at the screen's middle and would cover it.
  function aboveKeyboard(element) {
    var room = osk.getBoundingClientRect().top;
    var box = element.getBoundingClientRect();
    var label = element.id && document.querySelector("label[for='" + element.id + "']");
    var top = label ? Math.min(box.top, label.getBoundingClientRect().top) : box.top;
    var height = box.bottom - top;
    var wanted = height < room ? (room - height) / 2 : 8;
    if (top < wanted - 1 || top > wanted + 1) window.scrollBy(0, top - wanted);
  }

  function hideKeyboard() {
    if (!osk) return;
    osk.hidden = true;
    body.classList.remove("osk-open");
  }

  if (keyboardOn) {
    document.addEventListener("focusin", function (event) {
      if (typeable(event.target)) showKeyboard(event.target);
      else if (!osk.contains(event.target)) hideKeyboard();
    });
  }
})();
