/*
 * Copy-link buttons: one after every heading of an article and every FAQ
 * question. Each is a real <button> (Tab to reach it, Enter or Space to use it)
 * that copies the full URL of its heading: the page's canonical URL (site_url
 * and path) plus #anchor. Runs again after Material's instant navigation.
 */
(function () {
  "use strict";

  var HEADINGS = ".md-content__inner > h1, .md-content__inner h2[id], .md-content__inner h3[id], " +
    ".md-content__inner h4[id], .md-content__inner h5[id], .md-content__inner h6[id]";
  var SKIP = ".hc-component, .hc-helpful, .hc-reply-kit, .tabbed-labels, [data-search-exclude]";

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(canonical ? canonical.href : window.location.href);
    url.hash = "";
    url.search = "";
    return url.href;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "hc-copy-link__buffer";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      area.remove();
      if (done) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function announce(message) {
    var status = document.querySelector("[data-hc-copy-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "hc-visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("data-hc-copy-status", "");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function button(heading) {
    var title = headingText(heading);
    var isPage = heading.tagName === "H1";
    var control = document.createElement("button");
    control.type = "button";
    control.className = "hc-copy-link";
    control.setAttribute("data-hc-copy-link", heading.id || "");
    control.setAttribute("aria-label", (isPage ? "Copy link to this page: " : "Copy link to this section: ") + title);
    control.textContent = "Copy link";
    control.addEventListener("click", function () {
      var url = pageUrl() + (isPage || !heading.id ? "" : "#" + encodeURIComponent(heading.id));
      copyText(url).then(function () {
        control.textContent = "Link copied";
        control.classList.add("hc-copy-link--done");
        announce("Link copied: " + url);
      }, function () {
        control.textContent = "Copy failed";
        announce("Could not copy. The link is " + url);
      });
      window.setTimeout(function () {
        control.textContent = "Copy link";
        control.classList.remove("hc-copy-link--done");
      }, 2500);
    });
    return control;
  }

  function addButtons() {
    document.querySelectorAll(HEADINGS).forEach(function (heading) {
      if (heading.closest(SKIP)) return;
      var next = heading.nextElementSibling;
      if (next && next.classList.contains("hc-copy-link")) return;
      heading.insertAdjacentElement("afterend", button(heading));
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(addButtons);  // Material: first load and every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
