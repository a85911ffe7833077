/* Whitepaper Search: small enhancements on pages that work without JavaScript. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    var box = document.querySelector("[data-slash-focus]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // Search as you type, but not while an input method is composing: Chinese IMEs send
  // input events for every keystroke of the pinyin before the characters are committed.
  function searchInput(target) {
    target.dispatchEvent(new CustomEvent("search-input", { bubbles: true }));
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("[data-search-as-you-type]")) return;
    if (event.isComposing) return;
    searchInput(target);
  });
  document.addEventListener("compositionend", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("[data-search-as-you-type]")) return;
    searchInput(target);
  });

  // Copy buttons for the permalink and the citations.
  function selectText(el) {
    if (el.select) { el.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.value !== undefined && source.tagName === "INPUT" ? source.value : source.textContent;
    var label = button.textContent;
    function done(message) {
      button.textContent = message;
      button.setAttribute("data-state", "copied");
      setTimeout(function () { button.textContent = label; button.removeAttribute("data-state"); }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        function () { done(button.getAttribute("data-copied") || "✓"); },
        function () { selectText(source); });
    } else {
      selectText(source);
    }
  });

  // Opened from a search result: bring the first highlighted word into view.
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.getElementById("first-match");
    if (first && location.hash !== "#first-match") first.scrollIntoView({ block: "center" });
  });
})();
