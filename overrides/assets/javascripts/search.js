/*
 * Rebound search: Pagefind, fetched only once the reader starts typing.
 *
 * The index (pagefind/ in the built site) is written by the rebound plugin after
 * each build. Filters: type (article, checklist, worksheet), topic (tag) and step.
 * Results are built with textContent; the only markup taken from Pagefind is the
 * <mark> around matched words, rebuilt element by element from an inert parse.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  // Extra links a result may carry, as "label|path from the site root" in its metadata.
  var MAX_LINKS = 4;
  var FILTERS = [
    { key: "type", label: "Type" },
    { key: "tag", label: "Topic" },
    { key: "step", label: "Step" },
  ];

  var bundleUrl = null;
  var pagefind = null;
  var loading = null;
  var generation = 0;
  // The current search: every result Pagefind found, and how many are on show.
  var current = { results: [], shown: 0 };

  function parts() {
    var root = document.querySelector("[data-rebound-search]");
    if (!root) return null;
    return {
      root: root,
      input: root.querySelector(".rebound-search__input"),
      panel: root.querySelector(".rebound-search__panel"),
      filters: root.querySelector(".rebound-search__filters"),
      status: root.querySelector(".rebound-search__status"),
      results: root.querySelector(".rebound-search__results"),
      more: root.querySelector(".rebound-search__more"),
    };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function siteRoot() {
    // mkdocs-material sets __md_scope to the site's root URL on the first page load;
    // the header (and so this script's state) survives instant navigation.
    return typeof window.__md_scope !== "undefined" ? window.__md_scope : new URL("/", location.href);
  }

  function load(ui) {
    if (!loading) {
      loading = import(bundleUrl + "pagefind.js")
        .then(function (module) {
          pagefind = module;
          return module.options({ baseUrl: siteRoot().pathname, excerptLength: 24 });
        })
        .then(function () { return pagefind.init(); })
        .then(function () { return pagefind.filters(); })
        .then(function (available) { renderFilters(ui, available); })
        .catch(function () {
          loading = null;
          ui.status.textContent = "Search is not available right now.";
        });
    }
    return loading;
  }

  function renderFilters(ui, available) {
    while (ui.filters.firstChild) ui.filters.removeChild(ui.filters.firstChild);
    FILTERS.forEach(function (filter) {
      var values = available && available[filter.key] ? Object.keys(available[filter.key]) : [];
      if (!values.length) return;
      var id = "rebound-search-filter-" + filter.key;
      var label = element("label", "rebound-search__filter-label", filter.label);
      label.htmlFor = id;
      var select = element("select", "rebound-search__filter");
      select.id = id;
      select.setAttribute("data-filter", filter.key);
      select.appendChild(new Option("Any", ""));
      values.sort(function (a, b) {
        return a.localeCompare(b, undefined, { numeric: true });
      }).forEach(function (value) {
        select.appendChild(new Option(value, value));
      });
      var wrapper = element("span", "rebound-search__filter-group");
      wrapper.appendChild(label);
      wrapper.appendChild(select);
      ui.filters.appendChild(wrapper);
    });
  }

  function chosenFilters(ui) {
    var chosen = {};
    Array.prototype.forEach.call(ui.filters.querySelectorAll("select"), function (select) {
      if (select.value) chosen[select.getAttribute("data-filter")] = select.value;
    });
    return chosen;
  }

  // Pagefind excerpts are text with <mark> around matches: keep exactly that.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(parsed.body.firstChild.childNodes, function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        out.appendChild(element("mark", "", node.textContent));
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // An excerpt is a window on the page's text, often opened mid-sentence: say so
  // with an ellipsis at a cut end, so "Your" or "and it does not" does not read as
  // the end of a thought.
  function markCuts(excerpt) {
    var text = excerpt.textContent.trim();
    if (!text) return;
    if (/^[a-z,;:)]/.test(text)) {
      excerpt.insertBefore(document.createTextNode("\u2026 "), excerpt.firstChild);
    }
    if (!/[.!?:"\u201d)]$/.test(text)) excerpt.appendChild(document.createTextNode(" \u2026"));
  }

  function statusText(total, shown) {
    if (total === 0) return "No results. Try fewer or different words.";
    var counted = total + (total === 1 ? " result" : " results");
    return shown < total ? counted + ", showing the first " + shown : counted;
  }

  // A result's other ways in (a checklist's worksheet and PDF), only ever on this site.
  function extraLinks(meta) {
    var links = [];
    for (var i = 1; i <= MAX_LINKS; i++) {
      var value = meta && meta["link" + i];
      if (!value || value.indexOf("|") < 1) continue;
      var label = value.slice(0, value.indexOf("|"));
      var url = new URL(value.slice(value.indexOf("|") + 1), siteRoot());
      if (url.origin !== location.origin) continue;
      var link = element("a", "rebound-search__link", label);
      link.href = url.href;
      if (/\.pdf$/i.test(url.pathname)) link.setAttribute("download", "");
      links.push(link);
    }
    return links;
  }

  function resultItem(data) {
    var item = element("li", "rebound-search__result");
    var link = element("a", "rebound-search__title", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    item.appendChild(link);
    if (data.meta && data.meta.type) {
      item.appendChild(element("span", "rebound-search__type", data.meta.type));
    }
    var excerpt = element("p", "rebound-search__excerpt");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    markCuts(excerpt);
    item.appendChild(excerpt);
    var extras = extraLinks(data.meta);
    if (extras.length) {
      var also = element("p", "rebound-search__links");
      extras.forEach(function (extra, index) {
        if (index) also.appendChild(document.createTextNode(" · "));
        also.appendChild(extra);
      });
      item.appendChild(also);
    }
    return item;
  }

  function updateMore(ui) {
    var left = current.results.length - current.shown;
    ui.more.hidden = left <= 0;
    if (left > 0) {
      var next = Math.min(left, PAGE_SIZE);
      ui.more.textContent = "Show " + next + " more " + (next === 1 ? "result" : "results");
    }
  }

  // The next page of results: appended (so nothing the reader has seen moves) and
  // announced through the status line. Returns the first new result's link.
  function showNext(ui, mine) {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(
      function (found) {
        if (mine !== generation) return null;
        var first = null;
        found.forEach(function (data) {
          var item = resultItem(data);
          first = first || item.querySelector("a");
          ui.results.appendChild(item);
        });
        current.shown += found.length;
        ui.status.textContent = statusText(current.results.length, current.shown);
        updateMore(ui);
        return first;
      },
    );
  }

  function showMore(ui) {
    ui.more.disabled = true;
    showNext(ui, generation).then(function (first) {
      ui.more.disabled = false;
      // The button may be gone (nothing left): carry on from the first new result.
      if (first) first.focus();
    });
  }

  function search(ui) {
    var term = ui.input.value.trim();
    var mine = ++generation;
    if (!term) {
      ui.panel.hidden = true;
      return;
    }
    ui.panel.hidden = false;
    load(ui)
      .then(function () {
        if (!pagefind) return null;
        return pagefind.debouncedSearch(term, { filters: chosenFilters(ui) }, 200);
      })
      .then(function (outcome) {
        if (!outcome || mine !== generation) return null;
        current = { results: outcome.results, shown: 0 };
        while (ui.results.firstChild) ui.results.removeChild(ui.results.firstChild);
        return showNext(ui, mine);
      });
  }

  function isTyping(target) {
    return (
      target &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName))
    );
  }

  function start() {
    var ui = parts();
    if (!ui || ui.root.hasAttribute("data-ready")) return;
    ui.root.setAttribute("data-ready", "");
    ui.root.hidden = false;
    bundleUrl = new URL(ui.root.getAttribute("data-bundle"), location.href).href;
    if (!ui.more) {
      ui.more = element("button", "rebound-search__more");
      ui.more.type = "button";
      ui.more.hidden = true;
      ui.results.parentNode.insertBefore(ui.more, ui.results.nextSibling);
    }

    ui.input.addEventListener("input", function () { search(ui); });
    ui.filters.addEventListener("change", function () { search(ui); });
    ui.root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      search(ui);
    });
    ui.more.addEventListener("click", function () { showMore(ui); });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        ui.input.value = "";
        ui.panel.hidden = true;
      }
    });
    // Escape among the results closes them and goes back to the box, not to the page top.
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        ui.panel.hidden = true;
        ui.input.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        ui.input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!ui.root.contains(event.target)) ui.panel.hidden = true;
    });
    ui.results.addEventListener("click", function (event) {
      if (event.target.closest("a")) ui.panel.hidden = true;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
