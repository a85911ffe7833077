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

  // The anchored place a node is in: a paragraph (p-3.1.1.3-2), a policy's row, a table
  // or chart, a heading. Both languages' pages have the same anchors.
  var PLACES = ".para[id], tr[id], figure[id], .part-heading[id], .unit-head h1[id]";
  function placeOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element && element.closest(PLACES);
  }

  // The language switch takes the reader to the same place in the other language: the
  // paragraph in the address, or the one the match bar is at (issue 22).
  function languageLinksTo(id) {
    document.querySelectorAll("#language-switch a[hreflang]").forEach(function (link) {
      link.setAttribute("href", link.getAttribute("href").split("#")[0] + (id ? "#" + id : ""));
    });
  }
  function languageLinksFollowTheAddress() {
    var id = decodeURIComponent(location.hash.slice(1));
    languageLinksTo(id && document.getElementById(id) ? id : "");
  }

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
      var place = placeOf(mark);
      languageLinksTo(place ? place.id : "");
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
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var start = target ? marks.indexOf(target) : 0;
    if (target && start < 0) {
      // The reader came for a place (a paragraph, or the language switch kept one): its
      // first match if it has one, else the next match is the one after it (n).
      var next = marks.findIndex(function (mark) {
        return target.contains(mark) ||
          (target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      if (next >= 0 && target.contains(marks[next])) { show(next, false); return; }
      current = (next < 0 ? marks.length : next) - 1;
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
    // Beside the text the contents scroll on their own: the current item stays in their
    // view (scrolling only the contents, never the page).
    function keepInView(link) {
      if (nav.scrollHeight <= nav.clientHeight) return;
      var box = nav.getBoundingClientRect(), item = link.getBoundingClientRect();
      if (item.top < box.top) nav.scrollTop -= box.top - item.top + 8;
      else if (item.bottom > box.bottom) nav.scrollTop += item.bottom - box.bottom + 8;
    }
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
      if (chosen) keepInView(links[chosen]);
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

  // Selecting text offers a link to the quote and a citation with the quote in it. The
  // link is the place's anchor and a text fragment (#p-3.2.2.1-1:~:text=…): Chrome finds
  // a fragment only on word boundaries, so the quote is widened to whole words
  // (Intl.Segmenter: Chinese has no spaces), and where the text is still not found the
  // reader lands on the paragraph, not at the top of a long chapter (issue 22).
  function fragmentPart(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }
  function words(text, lang) {
    if (!window.Intl || !Intl.Segmenter) return text.split(/(?<=\s)/);
    return Array.from(new Intl.Segmenter(lang, { granularity: "word" }).segment(text),
                      function (part) { return part.segment; });
  }
  function edges(text, lang) {  // the word boundaries of text, as offsets
    var at = 0, found = [0];
    words(text, lang).forEach(function (word) { at += word.length; found.push(at); });
    return found;
  }
  function blockOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element.closest("p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, pre") || element;
  }
  function langOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var marked = element.closest("[lang]");
    return marked ? marked.getAttribute("lang") : document.documentElement.lang;
  }
  function offsetIn(block, container, offset) {
    var range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(container, offset);
    return range.toString().length;
  }
  // The selection widened to whole words: [text of its first block from the first word,
  // text of its last block up to the last word, the whole quote when in one block].
  function wholeWords(range) {
    var first = blockOf(range.startContainer), last = blockOf(range.endContainer);
    var head = first.textContent, tail = last.textContent;
    var start = offsetIn(first, range.startContainer, range.startOffset);
    var end = offsetIn(last, range.endContainer, range.endOffset);
    start = Math.max.apply(null, edges(head, langOf(first)).filter(function (e) { return e <= start; }));
    end = Math.min.apply(null, edges(tail, langOf(last)).filter(function (e) { return e >= end; }));
    if (first === last) {
      var quote = head.slice(start, end);
      return { start: quote, end: quote, quote: quote, lang: langOf(first) };
    }
    return { start: head.slice(start), end: tail.slice(0, end), quote: null, lang: langOf(first) };
  }
  // A few whole words from the start (or the end) of text: about 12 characters of
  // Chinese, five words of English.
  function someWords(text, lang, fromEnd) {
    var spaced = /\s/.test(text) && !/[\u3400-\u9fff]/.test(text);
    var list = words(text, lang), taken = [], length = 0, count = 0;
    if (fromEnd) list.reverse();
    for (var i = 0; i < list.length; i++) {
      taken.push(list[i]);
      length += list[i].length;
      if (/\S/.test(list[i])) count++;
      if (spaced ? count >= 5 : length >= 12) break;
    }
    if (fromEnd) taken.reverse();
    return taken.join("").trim();
  }
  function textFragment(found) {
    var whole = found.quote && found.quote.replace(/\s+/g, " ").trim();
    if (whole && whole.length <= 80) return ":~:text=" + fragmentPart(whole);
    var start = someWords(found.start.replace(/\s+/g, " ").trim(), found.lang, false);
    var end = someWords(found.end.replace(/\s+/g, " ").trim(), found.lang, true);
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
    menu.innerHTML = '<button type="button" data-quote="link"></button><button type="button" data-quote="cite"></button>' +
      '<input type="text" readonly hidden>';
    menu.querySelector("[data-quote=link]").textContent = labels.getAttribute("data-link");
    menu.querySelector("[data-quote=cite]").textContent = labels.getAttribute("data-cite");
    var manual = menu.querySelector("input");
    manual.setAttribute("aria-label", labels.getAttribute("data-manual"));
    document.body.appendChild(menu);
    var quote = "", found = null, place = null;
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
      var range = selection.getRangeAt(0);
      found = wholeWords(range);
      place = placeOf(range.startContainer);
      quote = (found.quote || text).replace(/\s+/g, " ").trim();
      var rect = range.getBoundingClientRect();
      menu.style.top = (window.scrollY + rect.bottom + 6) + "px";
      menu.style.left = Math.max(8, Math.min(window.scrollX + rect.left,
                                             document.documentElement.clientWidth - 260)) + "px";
      manual.hidden = true;
      menu.hidden = false;
    });
    // "Copied" only when the clipboard took it; otherwise the text is offered, selected,
    // to copy by hand.
    function copy(button, text) {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      function say(message, then) {
        button.textContent = message;
        setTimeout(function () { button.textContent = label; if (then) then(); }, 1200);
      }
      function failed() {
        say(labels.getAttribute("data-failed"));
        manual.value = text;
        manual.hidden = false;
        manual.focus();
        manual.select();
      }
      if (!navigator.clipboard || !navigator.clipboard.writeText) { failed(); return; }
      navigator.clipboard.writeText(text).then(function () {
        say(labels.getAttribute("data-copied"), function () { menu.hidden = true; });
      }, failed);
    }
    menu.addEventListener("click", function (event) {
      var button = event.target.closest("[data-quote]");
      if (!button || !found) return;
      box = document.querySelector("[data-cite]");  // a paragraph's box may have replaced it
      var permalink = box.getAttribute("data-permalink");
      var link = permalink + "#" + (place ? place.id : "") + textFragment(found);
      if (button.getAttribute("data-quote") === "link") { copy(button, link); return; }
      var primary = box.querySelector(".citation.primary [data-citation]");
      var cited = box.querySelector("#permalink").value;
      var citation = primary ? primary.textContent.split(cited).join(link) : link;
      copy(button, "“" + quote + "” " + citation);
    });
  }

  // The policy timeline: one tab stop per year (the mark last focused in it, at first its
  // first), the arrow keys, Home and End within the year (issue 22: 63 tab stops before).
  // Without the script every mark is a tab stop, and a skip link passes them.
  function timeline() {
    var marks = Array.prototype.slice.call(document.querySelectorAll(".timeline a[data-policy]"));
    if (!marks.length) return;
    var years = {};
    marks.forEach(function (mark) {
      var year = mark.getAttribute("data-year");
      (years[year] = years[year] || []).push(mark);
      mark.setAttribute("tabindex", years[year].length === 1 ? "0" : "-1");
    });
    function stop(mark) {
      years[mark.getAttribute("data-year")].forEach(function (other) {
        other.setAttribute("tabindex", other === mark ? "0" : "-1");
      });
    }
    document.querySelector(".timeline").addEventListener("focusin", function (event) {
      if (event.target.matches("a[data-policy]")) stop(event.target);
    });
    document.querySelector(".timeline").addEventListener("keydown", function (event) {
      var mark = event.target;
      if (!mark.matches("a[data-policy]")) return;
      var group = years[mark.getAttribute("data-year")], at = group.indexOf(mark), to = null;
      if (event.key === "ArrowDown" || event.key === "ArrowRight") to = (at + 1) % group.length;
      else if (event.key === "ArrowUp" || event.key === "ArrowLeft") to = (at - 1 + group.length) % group.length;
      else if (event.key === "Home") to = 0;
      else if (event.key === "End") to = group.length - 1;
      if (to === null) return;
      event.preventDefault();
      group[to].focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[role=combobox][data-suggest]").forEach(combobox);
    languageLinksFollowTheAddress();
    window.addEventListener("hashchange", languageLinksFollowTheAddress);
    matchBar();
    pageContents();
    paragraphCitation();
    quoteMenu();
    timeline();
  });
})();
