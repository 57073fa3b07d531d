// Embeds the programme widget of reussirmonespacesante.fr in a partner's page.
//
//   <script src="https://…/static/js/widget-embed.js"
//           data-rmes-widget="https://…/widget/programme/?region=53" async></script>
//
// Inserts an iframe where the script tag is, and sizes it to its content from
// the height the widget posts (only messages from that iframe are trusted).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-rmes-widget")) {
    return;
  }
  var src = new URL(script.getAttribute("data-rmes-widget"), script.src);
  if (src.protocol !== "https:" && src.protocol !== "http:") {
    return;
  }
  var iframe = document.createElement("iframe");
  iframe.src = src.href;
  iframe.title = script.getAttribute("data-title") || "Programme des webinaires Mon espace santé";
  iframe.width = "100%";
  iframe.height = "600";
  iframe.loading = "lazy";
  iframe.referrerPolicy = "strict-origin";
  iframe.setAttribute("frameborder", "0");
  iframe.className = "rmes-programme-widget";
  script.parentNode.insertBefore(iframe, script);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== iframe.contentWindow || event.origin !== src.origin) {
      return;
    }
    if (data && data.type === "rmes-widget:height" && typeof data.height === "number" && data.height > 0) {
      iframe.height = String(Math.min(Math.ceil(data.height), 20000));
    }
  });
})();
