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

  var MAX_RESULTS = 10;
  var FILTERS = [
    { key: "type", label: "Type" },
    { key: "tag", label: "Topic" },
    { key: "step", label: "Step" },
  ];

  var bundleUrl = null;
  var pagefind = null;
  var loading = null;
  var generation = 0;

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
      values.sort().forEach(function (value) {
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

  function renderResults(ui, found, total) {
    var list = ui.results;
    while (list.firstChild) list.removeChild(list.firstChild);
    ui.status.textContent = total === 0
      ? "No results. Try fewer or different words."
      : total + (total === 1 ? " result" : " results") +
        (total > found.length ? ", showing the first " + found.length : "");
    found.forEach(function (data) {
      var item = element("li", "rebound-search__result");
      var link = element("a", "rebound-search__title", (data.meta && data.meta.title) || data.url);
      link.href = data.url;
      item.appendChild(link);
      if (data.meta && data.meta.type) {
        item.appendChild(element("span", "rebound-search__type", data.meta.type));
      }
      var excerpt = element("p", "rebound-search__excerpt");
      excerpt.appendChild(excerptNodes(data.excerpt || ""));
      item.appendChild(excerpt);
      list.appendChild(item);
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
        var top = outcome.results.slice(0, MAX_RESULTS);
        return Promise.all(top.map(function (result) { return result.data(); })).then(
          function (found) {
            if (mine === generation) renderResults(ui, found, outcome.results.length);
          },
        );
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

    ui.input.addEventListener("input", function () { search(ui); });
    ui.filters.addEventListener("change", function () { search(ui); });
    ui.root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      search(ui);
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        ui.input.value = "";
        ui.panel.hidden = true;
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
