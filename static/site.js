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

  // ---------------------------------------------------------------- the search page

  // History: the first keystroke of a typed search adds an entry, the following ones
  // (and the submit that ends it) replace it — the server answers HX-Replace-Url when
  // asked with X-Search-Typing. A facet, sort or page link pushes as usual.
  var typing = false;
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    var typed = trigger && trigger.type === "search-input";
    var submitted = trigger && trigger.type === "submit";
    if ((typed || submitted) && typing) event.detail.headers["X-Search-Typing"] = "1";
    typing = typed;
  });

  // The page is saved for Back as HTML, under the address it is leaving: the box must
  // hold that address's query (not whatever has been typed since).
  document.addEventListener("htmx:beforeHistorySave", function () {
    var query = new URLSearchParams(location.search).get("q") || "";
    document.querySelectorAll("input[type=search][name=q]").forEach(function (input) {
      input.setAttribute("value", query);
    });
    document.querySelectorAll("[role=listbox]").forEach(function (list) { list.hidden = true; });
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
      if (items.length && document.activeElement === input) open(); else close();
    }
    function ask() {
      var q = input.value.trim();
      if (!q) { items = []; close(); return; }
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && ticket === asked) show(data); })
        .catch(function () { /* suggestions are optional */ });
    }
    function later() { clearTimeout(timer); timer = setTimeout(ask, 120); }
    input.addEventListener("input", function (event) { if (!event.isComposing) later(); });
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

  // The citation box follows the paragraph in the address (#p-3.2.1.3-1): the box of
  // that paragraph comes from the server, cited through the paragraph's own section
  // (its title, its pages) wherever it is shown — a chapter read as one page shows its
  // sections' paragraphs (issue #24). "Cite the whole unit" puts the page's box back.
  function paragraphCitation() {
    var box = document.querySelector("[data-cite]");
    if (!box) return;
    var original = box.outerHTML;
    var page = box.getAttribute("data-cite-page");  // …/<unit>/cite/, this page's styles
    var asked = "";
    function current() { return document.querySelector("[data-cite]"); }
    function bindWhole() {
      var whole = current().querySelector("[data-cite-whole]");
      if (!whole) return;
      whole.addEventListener("click", function (event) {
        event.preventDefault();
        history.replaceState(null, "", location.pathname + location.search);
        update();
      });
    }
    function swap(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fresh = holder.querySelector("[data-cite]");
      if (!fresh) return;
      current().replaceWith(fresh);
      bindWhole();
    }
    function update() {
      var id = location.hash.slice(1);
      var match = /^p-(.+)-([0-9]+)$/.exec(id);
      var paragraph = match && document.getElementById(id) ? id : "";
      if (paragraph === asked) return;
      asked = paragraph;
      if (!paragraph) { swap(original); return; }
      var url = page.replace(/[^\/]+\/cite\/$/, encodeURIComponent(match[1]) + "/cite/") +
        "?paragraph=" + encodeURIComponent(paragraph);
      fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (html && asked === paragraph) swap(html); })
        .catch(function () { /* the page's own citation stays */ });
    }
    bindWhole();
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
      box = document.querySelector("[data-cite]");  // a paragraph's box may have replaced it
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
