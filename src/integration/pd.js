/* Partnerdesk click keeper: keeps the partner's click id (pd_click in the
   landing URL) in a first-party cookie for the attribution window, puts it
   into every form field named pd_click, and answers
   window.partnerdesk.clickId(). */
(function () {
  "use strict";
  // The cookie has a name of its own: on a shared host the portal's
  // HttpOnly pd_click cookie would shadow it.
  var NAME = "pd_click", COOKIE = "partnerdesk_click", VALID = /^[A-Za-z0-9_-]{1,64}$/;
  var script = document.currentScript;
  var days = parseInt(script && script.getAttribute("data-window-days"), 10) || 90;
  var domain = script && script.getAttribute("data-cookie-domain");

  function read() {
    var match = document.cookie.match(/(?:^|;\s*)partnerdesk_click=([A-Za-z0-9_-]{1,64})/);
    return match ? match[1] : null;
  }

  var landed = new URLSearchParams(window.location.search).get(NAME);
  if (landed && VALID.test(landed)) {
    document.cookie = COOKIE + "=" + landed + "; Max-Age=" + days * 86400 + "; Path=/; SameSite=Lax" +
      (domain ? "; Domain=" + domain : "") + (window.location.protocol === "https:" ? "; Secure" : "");
  }

  function fill(root) {
    var id = read();
    if (!id) return;
    var fields = (root || document).querySelectorAll('input[name="' + NAME + '"]');
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].value) fields[i].value = id;
    }
  }

  window.partnerdesk = { clickId: read };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { fill(); });
  } else {
    fill();
  }
  // Forms added after the page loaded get the id when they are sent.
  document.addEventListener("submit", function (event) { fill(event.target); }, true);
})();
