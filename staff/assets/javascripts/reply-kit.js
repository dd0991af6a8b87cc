/*
 * Staff reply kit: filter-as-you-type over the catalogue and copy buttons for
 * the link, the snippet, or both. The list works without this script (every
 * entry is shown and selectable); the script only adds the filter and buttons.
 */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.className = "hc-copy-link__buffer";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      area.remove();
      if (done) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setup(kit) {
    if (kit.hasAttribute("data-hc-ready")) return;
    kit.setAttribute("data-hc-ready", "");
    var filter = kit.querySelector("[data-hc-reply-filter]");
    var count = kit.querySelector("[data-hc-reply-count]");
    var entries = Array.prototype.slice.call(kit.querySelectorAll("[data-hc-reply]"));
    var haystacks = entries.map(function (entry) { return entry.textContent.toLowerCase(); });

    entries.forEach(function (entry) {
      var title = entry.querySelector(".hc-reply__title").textContent;
      var values = {
        link: entry.querySelector("[data-hc-reply-link]").textContent.trim(),
        snippet: entry.querySelector("[data-hc-reply-snippet]").textContent.trim(),
        both: entry.querySelector("[data-hc-reply-both]").textContent.trim()
      };
      var labels = { link: "Copy link", snippet: "Copy snippet", both: "Copy both" };
      var actions = entry.querySelector("[data-hc-reply-actions]");
      ["link", "snippet", "both"].forEach(function (kind) {
        var control = document.createElement("button");
        control.type = "button";
        control.className = "md-button hc-reply__copy";
        control.setAttribute("data-hc-copy", kind);
        control.setAttribute("aria-label", labels[kind] + ": " + title);
        control.textContent = labels[kind];
        control.addEventListener("click", function () {
          copyText(values[kind]).then(function () {
            control.textContent = "Copied";
            count.textContent = labels[kind].replace("Copy ", "") + " copied: " + title;
          }, function () {
            control.textContent = "Copy failed";
          });
          window.setTimeout(function () { control.textContent = labels[kind]; }, 2000);
        });
        actions.appendChild(control);
      });
    });

    function apply() {
      var wanted = words(filter.value);
      var shown = 0;
      entries.forEach(function (entry, index) {
        var match = wanted.every(function (word) { return haystacks[index].indexOf(word) !== -1; });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown === entries.length ? entries.length + " entries" : shown + " of " + entries.length + " entries";
    }
    filter.addEventListener("input", apply);
    apply();
  }

  function start() {
    document.querySelectorAll("[data-hc-reply-kit]").forEach(setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
