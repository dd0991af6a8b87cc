/*
 * Short links (/a/<id>/) forward to the current page of an article or FAQ
 * answer. The page's meta refresh does that without JavaScript; this script
 * runs first and also keeps a #section the link carried
 * (/a/return-policy/#what-cannot-be-returned).
 */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="hc-short-link-target"]');
  if (!meta) return;
  var target = new URL(meta.getAttribute("content"), window.location.href);
  if (window.location.hash.length > 1) target.hash = window.location.hash;
  window.location.replace(target.href);
})();
