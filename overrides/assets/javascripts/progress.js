/*
 * Rebound progress: how far the reader has got with each step, from this browser only.
 *
 * A list of steps (`[data-rebound-progress]`: on the home page, the checklists page
 * and the 404 page) carries each step's checklist slug and item ids. This reads the
 * reader's own answers from localStorage ("rebound:<slug>", as checklist.js saves
 * them: {"version": 1, "items": {"<id>": {done, answer, rating, updated}}}) and shows
 * "3 of 11 done" or "Not started" under each step, and marks the step to do next.
 * An item counts as done when it is ticked, answered or rated, as on the checklist
 * itself; an emptied item (only its `updated` time is left) does not, and neither
 * does an answer kept for an item the checklist no longer has.
 *
 * Reads only: nothing is written, nothing leaves the device. Without JavaScript, or
 * with storage blocked, the steps are plain links. Works with mkdocs-material's
 * instant navigation (document$), after checklist.js (loaded before it) has saved
 * what the reader did on the page they left.
 */
(function () {
  "use strict";

  var KEY_PREFIX = "rebound:";
  var VERSION = 1;

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // The saved items of a checklist: {} when nothing is saved, null when they cannot
  // be read (storage blocked, or a value this script does not understand).
  function savedItems(slug) {
    var raw;
    try {
      raw = window.localStorage.getItem(KEY_PREFIX + slug);
    } catch (error) {
      return null;
    }
    if (raw === null) return {};
    try {
      var value = JSON.parse(raw);
      if (isRecord(value) && value.version === VERSION && isRecord(value.items)) {
        return value.items;
      }
    } catch (error) {
      // Unreadable: the checklist page keeps a backup and tells the reader.
    }
    return null;
  }

  function isDone(entry) {
    if (!isRecord(entry)) return false;
    if (entry.done === true) return true;
    if (typeof entry.answer === "string" && entry.answer.length > 0) return true;
    var rating = entry.rating;
    return typeof rating === "number" && rating % 1 === 0 && rating >= 1 && rating <= 5;
  }

  // {done, total} for one step, or null when its answers cannot be read.
  function progressOf(step) {
    var ids = (step.getAttribute("data-rebound-items") || "").split(" ").filter(Boolean);
    var total = ids.length || Number(step.getAttribute("data-rebound-total")) || 0;
    var items = savedItems(step.getAttribute("data-rebound-checklist") || "");
    if (items === null || !total) return null;
    var done = ids.filter(function (id) {
      return Object.prototype.hasOwnProperty.call(items, id) && isDone(items[id]);
    }).length;
    return { done: done, total: total };
  }

  function describe(progress) {
    if (progress.done === 0) return "Not started";
    if (progress.done === progress.total) return "All " + progress.total + " done";
    return progress.done + " of " + progress.total + " done";
  }

  // The step to do next: the furthest step the reader has begun, while it is
  // unfinished; once it is finished, the first unfinished step after it. Step 1
  // when nothing is begun; none when everything from there on is finished.
  function nextIndex(found) {
    var furthest = -1;
    found.forEach(function (progress, index) {
      if (progress && progress.done > 0) furthest = index;
    });
    if (furthest === -1) return found[0] ? 0 : -1;
    for (var index = furthest; index < found.length; index += 1) {
      var progress = found[index];
      if (progress && progress.done < progress.total) return index;
    }
    return -1;
  }

  function render(list) {
    var steps = Array.prototype.slice.call(list.querySelectorAll("[data-rebound-checklist]"));
    var onPath = steps.filter(function (step) {
      return step.querySelector(".rebound-path__number") !== null;
    });
    var found = steps.map(progressOf);
    var next = nextIndex(onPath.map(function (step) { return found[steps.indexOf(step)]; }));
    steps.forEach(function (step, index) {
      var line = step.querySelector(".rebound-path__progress");
      var link = step.querySelector(".rebound-path__link");
      var isNext = next !== -1 && onPath[next] === step;
      step.classList.toggle("rebound-path__step--next", isNext);
      step.classList.toggle("rebound-path__step--done", Boolean(
        found[index] && found[index].done === found[index].total
      ));
      if (link) {
        if (isNext) link.setAttribute("aria-current", "step");
        else link.removeAttribute("aria-current");
      }
      if (!line) return;
      while (line.firstChild) line.removeChild(line.firstChild);
      if (!found[index]) {
        line.hidden = true;
        return;
      }
      if (isNext) {
        var badge = document.createElement("strong");
        badge.className = "rebound-path__next";
        badge.textContent = "Your next step";
        line.appendChild(badge);
        line.appendChild(document.createTextNode(" · "));
      }
      line.appendChild(document.createTextNode(describe(found[index])));
      line.hidden = false;
    });
  }

  function renderAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-rebound-progress]"), render);
  }

  // Another tab saved answers, or the reader came back to a page kept in memory.
  window.addEventListener("storage", function (event) {
    if (event.key === null || event.key.indexOf(KEY_PREFIX) === 0) renderAll();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) renderAll();
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }

  // For tests and the curious: the counting rules, with no side effects.
  window.ReboundProgress = { isDone: isDone, nextIndex: nextIndex, describe: describe };
})();
