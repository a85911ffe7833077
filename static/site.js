/* Whitepaper Search: small enhancements on pages that work without JavaScript. */
(function () {
  "use strict";

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

  // Search as you type, 300 ms after the last change — but never while an input method is
  // composing: a Chinese IME sends input events for every letter of the pinyin before the
  // characters are committed, and a debounce left running from the previous word would
  // send "成立不到wun" (issue 22). A composition stops the clock; committing restarts it;
  // the search goes out only if nothing is being composed when it runs out.
  var composing = false, typingTimer = null;
  function isSearchBox(el) { return el && el.matches && el.matches("[data-search-as-you-type]"); }
  function searchSoon(box) {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      if (!composing) box.dispatchEvent(new CustomEvent("search-input", { bubbles: true }));
    }, 300);
  }
  document.addEventListener("compositionstart", function (event) {
    if (!isSearchBox(event.target)) return;
    composing = true;
    clearTimeout(typingTimer);
  });
  document.addEventListener("compositionend", function (event) {
    if (!isSearchBox(event.target)) return;
    composing = false;
    searchSoon(event.target);
  });
  document.addEventListener("input", function (event) {
    if (!isSearchBox(event.target)) return;
    if (event.isComposing || composing) { clearTimeout(typingTimer); return; }
    searchSoon(event.target);
  });
  // Enter searches now: what the debounce would have sent is already on its way.
  document.addEventListener("submit", function (event) {
    if (event.target.querySelector && event.target.querySelector("[data-search-as-you-type]")) {
      clearTimeout(typingTimer);
    }
  });

  // ---------------------------------------------------------------- the search page

  // History: the first keystroke of a typed search adds an entry, the following ones
  // (and the submit that ends it) replace it — the server answers HX-Replace-Url when
  // asked with X-Search-Typing. A facet, sort or page link pushes as usual.
  var typing = false;
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    var typed = trigger && trigger.type === "search-input";
    var submitted = trigger && trigger.type === "submit";
    if (typed && composing) { event.preventDefault(); return; }  // belt and braces
    if ((typed || submitted) && typing) event.detail.headers["X-Search-Typing"] = "1";
    typing = typed;
  });

  // Back and Forward: htmx keeps each address's page (box and results together) and puts
  // it back. The copy is saved under the address being left — which, on Back or Forward,
  // is no longer location (the browser has already moved): the box of the copy holds that
  // address's query, and no open list of suggestions. The page itself is left as it is
  // (hiding the suggestions here hid them ~250 ms after they opened, issue 22).
  function queryOf(path) {
    return new URL(path, location.href).searchParams.get("q") || "";
  }
  document.addEventListener("htmx:beforeHistorySave", function (event) {
    var query = queryOf(event.detail.path || location.href);
    var saved = [];
    document.querySelectorAll("input[type=search][name=q]").forEach(function (input) {
      saved.push([input, "value", input.getAttribute("value")]);
      input.setAttribute("value", query);
      if (input.hasAttribute("aria-expanded")) {
        saved.push([input, "aria-expanded", input.getAttribute("aria-expanded")]);
        input.setAttribute("aria-expanded", "false");
        saved.push([input, "aria-activedescendant", input.getAttribute("aria-activedescendant")]);
        input.removeAttribute("aria-activedescendant");
      }
    });
    document.querySelectorAll("[role=listbox]").forEach(function (list) {
      saved.push([list, "hidden", list.getAttribute("hidden")]);
      list.setAttribute("hidden", "");
    });
    // htmx copies the page right after this event, in the same task: put it back after
    queueMicrotask(function () {
      saved.forEach(function (entry) {
        if (entry[2] === null) entry[0].removeAttribute(entry[1]);
        else entry[0].setAttribute(entry[1], entry[2]);
      });
    });
  });
  // A restored page's box says its address's query (whatever the copy held).
  document.addEventListener("htmx:historyRestore", function () {
    var query = queryOf(location.href);
    document.querySelectorAll("input[type=search][name=q]").forEach(function (input) {
      input.value = query;
    });
  });

  // After a filter, sort or page link, focus goes to the result count, so keyboard and
  // screen-reader users land on what changed rather than on <body>.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var source = config && config.elt;
    if (!source || !source.closest) return;
    if (source.closest(".facets, .pagination, .sort, .active-filters, .no-results, .notice")) {
      var summary = document.getElementById("summary");
      if (summary) summary.focus();
    }
  });

  // On a phone the filters come after the results; "Filters (N)" opens them on top.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-filters-toggle]");
    if (!toggle) return;
    var filters = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    filters.classList.toggle("open", open);
    if (open) filters.focus();
  });

  // The box keeps 200 characters (maxlength): say so when a paste reaches the limit.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[maxlength][data-search-as-you-type]")) return;
    var note = document.querySelector("[data-limit-note]");
    if (note) note.hidden = input.value.length < Number(input.getAttribute("maxlength"));
  });

  // Suggestions: the WAI-ARIA combobox pattern (listbox, aria-activedescendant, ↑ ↓
  // Enter Esc), fed by /api/suggest in the page's language. Nothing opens while an input
  // method is composing.
  function combobox(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-suggest");
    var items = [], active = -1, timer = null, asked = 0;
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function highlight(index) {
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      input.value = items[index].getAttribute("data-value");
      close();
      if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
    }
    function show(data) {
      var completions = data[1] || [], descriptions = data[2] || [];
      list.textContent = "";
      items = completions.map(function (text, index) {
        var option = document.createElement("li");
        option.id = "suggestion-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", text);
        var main = document.createElement("span");
        main.className = "suggestion-text";
        main.lang = /[\u3400-\u9fff]/.test(text) ? "zh-Hans" : "en";
        main.textContent = text;
        option.appendChild(main);
        if (descriptions[index]) {
          var note = document.createElement("span");
          note.className = "suggestion-note";
          note.lang = /[\u3400-\u9fff]/.test(descriptions[index]) ? "zh-Hans" : "en";
          note.textContent = descriptions[index];
          option.appendChild(note);
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(option);
        return option;
      });
      active = -1;
      if (items.length && document.activeElement === input && !composing) open(); else close();
    }
    function ask() {
      if (composing) return;
      var q = input.value.trim();
      if (!q) { items = []; close(); return; }
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && ticket === asked) show(data); })
        .catch(function () { /* suggestions are optional */ });
    }
    function later() { clearTimeout(timer); timer = setTimeout(ask, 120); }
    input.addEventListener("input", function (event) {
      if (event.isComposing || composing) clearTimeout(timer); else later();
    });
    input.addEventListener("compositionstart", function () { clearTimeout(timer); });
    input.addEventListener("compositionend", later);
    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229) return;  // an input method's key
      if (event.key === "ArrowDown") {
        event.preventDefault();
        open();
        if (items.length) highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (items.length && !list.hidden) highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    input.form.addEventListener("submit", close);
  }

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

  // ---------------------------------------------------------------- reading a unit

  function isNarrow() { return window.matchMedia("(max-width: 70rem)").matches; }

  // The match bar: "3 / 12", ▲ ▼, keys n and N (shift+n), like a PDF viewer's find.
  function matchBar() {
    var bar = document.querySelector("[data-match-bar]");
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id]"));
    if (!bar || !marks.length) return;
    var position = bar.querySelector("[data-match-position]");
    var current = -1;
    function headingOf(mark) {
      var part = mark.closest("section.part, article");
      return part && part.querySelector("h1, h2, h3, h4, h5, h6");
    }
    function show(index, smooth) {
      if (current >= 0) marks[current].classList.remove("current");
      current = (index + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("current");
      position.textContent = (current + 1) + " / " + marks.length;
      // The heading above the match stays in view when both fit in the window.
      var heading = headingOf(mark);
      var barHeight = bar.getBoundingClientRect().height + 16;
      var behavior = smooth ? "smooth" : "auto";
      if (heading) {
        var gap = mark.getBoundingClientRect().top - heading.getBoundingClientRect().top;
        if (gap >= 0 && gap < window.innerHeight * 0.6) {
          window.scrollTo({ top: window.scrollY + heading.getBoundingClientRect().top - barHeight, behavior: behavior });
          return;
        }
      }
      mark.scrollIntoView({ block: "center", behavior: behavior });
    }
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-match-step]");
      if (button) show(current + Number(button.getAttribute("data-match-step")), true);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "n" && event.key !== "N") return;
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      show(current + (event.key === "n" ? 1 : -1), true);
    });
    var start = location.hash ? marks.indexOf(document.getElementById(location.hash.slice(1))) : 0;
    if (location.hash && start < 0) {  // the reader came for a paragraph, not a match
      current = -1;
      position.textContent = "– / " + marks.length;
      return;
    }
    show(Math.max(start, 0), false);
  }

  // The contents beside a chapter: mark the section being read.
  function pageContents() {
    var nav = document.querySelector("[data-page-contents]");
    if (!nav) return;
    var details = nav.querySelector("details");
    // Beside the text (wide screens) CSS keeps the contents open; browsers that cannot
    // style ::details-content get it opened here.
    var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (details && !isNarrow() && !styled) details.setAttribute("open", "");
    if (!("IntersectionObserver" in window)) return;
    var links = {};
    nav.querySelectorAll("a[href^='#']").forEach(function (a) { links[a.getAttribute("href").slice(1)] = a; });
    var headings = Object.keys(links).map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var chosen = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top < window.innerHeight * 0.35) chosen = headings[i].id;
      }
      Object.keys(links).forEach(function (id) {
        if (id === chosen) links[id].setAttribute("aria-current", "location");
        else links[id].removeAttribute("aria-current");
      });
    }, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  // The citation box follows the paragraph in the address (#p-3.1.1.3-2): its
  // permalink, its citations and the reference-manager files cite that paragraph.
  function paragraphCitation() {
    var box = document.querySelector("[data-cite]");
    if (!box) return;
    var permalink = box.getAttribute("data-permalink");
    var originals = {};
    box.querySelectorAll("[data-citation]").forEach(function (pre) { originals[pre.id] = pre.textContent; });
    var exports = Array.prototype.map.call(box.querySelectorAll("[data-export]"), function (a) {
      return [a, a.getAttribute("href")];
    });
    var target = box.querySelector("[data-cite-target]");
    function update() {
      var id = location.hash.slice(1);
      var paragraph = /^p-/.test(id) && document.getElementById(id) ? id : "";
      var url = permalink + (paragraph ? "#" + paragraph : "");
      box.querySelector("#permalink").value = url;
      box.querySelectorAll("[data-citation]").forEach(function (pre) {
        pre.textContent = originals[pre.id].split(permalink).join(url);
      });
      exports.forEach(function (pair) {
        pair[0].setAttribute("href", pair[1] + (paragraph ? "?paragraph=" + encodeURIComponent(paragraph) : ""));
      });
      target.hidden = !paragraph;
      target.querySelector("[data-cite-paragraph]").textContent = paragraph;
    }
    target.querySelector("[data-cite-whole]").addEventListener("click", function (event) {
      event.preventDefault();
      history.replaceState(null, "", location.pathname + location.search);
      update();
    });
    window.addEventListener("hashchange", update);
    update();
  }

  // Selecting text offers a link to the quote (a text fragment, #:~:text=) and a
  // citation with the quote in it.
  function fragmentPart(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }
  function textFragment(quote) {
    var words = quote.replace(/\s+/g, " ").trim();
    if (words.length <= 80) return ":~:text=" + fragmentPart(words);
    var spaced = / /.test(words) && !/[\u3400-\u9fff]/.test(words);
    var start, end;
    if (spaced) {
      var parts = words.split(" ");
      start = parts.slice(0, 5).join(" ");
      end = parts.slice(-5).join(" ");
    } else {
      start = words.slice(0, 12);
      end = words.slice(-12);
    }
    return ":~:text=" + fragmentPart(start) + "," + fragmentPart(end);
  }
  function quoteMenu() {
    var areas = document.querySelectorAll("[data-quotable]");
    var box = document.querySelector("[data-cite]");
    if (!areas.length || !box) return;
    var labels = document.querySelector("[data-quote-labels]");
    var menu = document.createElement("div");
    menu.className = "quote-menu";
    menu.hidden = true;
    menu.innerHTML = '<button type="button" data-quote="link"></button><button type="button" data-quote="cite"></button>';
    menu.querySelector("[data-quote=link]").textContent = labels.getAttribute("data-link");
    menu.querySelector("[data-quote=cite]").textContent = labels.getAttribute("data-cite");
    document.body.appendChild(menu);
    var quote = "";
    function within(node) {
      for (var i = 0; i < areas.length; i++) if (areas[i].contains(node)) return true;
      return false;
    }
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      var text = selection ? selection.toString().trim() : "";
      if (!text || text.length > 600 || !within(selection.anchorNode) || !within(selection.focusNode)) {
        if (!menu.contains(document.activeElement)) menu.hidden = true;
        return;
      }
      quote = text.replace(/\s+/g, " ");
      var rect = selection.getRangeAt(0).getBoundingClientRect();
      menu.style.top = (window.scrollY + rect.bottom + 6) + "px";
      menu.style.left = Math.max(8, window.scrollX + rect.left) + "px";
      menu.hidden = false;
    });
    function copied(button, text) {
      var label = button.textContent;
      function done() {
        button.textContent = labels.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; menu.hidden = true; }, 1200);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, done);
    }
    menu.addEventListener("click", function (event) {
      var button = event.target.closest("[data-quote]");
      if (!button) return;
      var permalink = box.getAttribute("data-permalink");
      var link = permalink + "#" + textFragment(quote);
      if (button.getAttribute("data-quote") === "link") { copied(button, link); return; }
      var primary = box.querySelector(".citation.primary [data-citation]");
      var cited = box.querySelector("#permalink").value;
      var citation = primary ? primary.textContent.split(cited).join(link) : link;
      copied(button, "“" + quote + "” " + citation);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[role=combobox][data-suggest]").forEach(combobox);
    matchBar();
    pageContents();
    paragraphCitation();
    quoteMenu();
  });
})();
