/* pufa: two additions to Material's search dialog, loaded after Material's bundle (main.html).
   1. Every way of entering text searches. Material reads the query only on keyup, so text that
      arrives without a key event (an IME commit, paste, voice input, autofill) waited for another
      key press. An `input` outside an IME composition and `compositionend` are passed on as a
      keyup on the query field; Material ignores a value it has already searched.
   2. A query with no match is not a dead end: the result area offers a call to 12348, the 司法所
      directory and the hotline page instead of Material's bare "no matching documents". Built
      with DOM calls (no inline handlers, allowed by the page's Content-Security-Policy); the links
      are absolute, since the search dialog stays in place across instant navigation. */
"use strict";
(function () {
  var query = document.querySelector("[data-md-component=search-query]");
  var result = document.querySelector("[data-md-component=search-result]");
  var configElement = document.getElementById("__config");
  if (!query || !result || !configElement) return;

  function relay(event) {
    if (event.type === "input" && event.isComposing) return; // wait for the IME to commit
    query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: false }));
  }
  query.addEventListener("input", relay);
  query.addEventListener("compositionend", relay);

  var config = JSON.parse(configElement.textContent);
  var none = config.translations["search.result.none"];
  var base = new URL(config.base || ".", location.href);
  var offline = location.protocol === "file:"; // the offline bundle's pages end in .html
  var meta = result.querySelector(".md-search-result__meta");
  if (!meta) return;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // In the result list, so the arrow keys reach its links as they reach results; attached only
  // while there is no result (a hidden link there would trap Material's arrow-key navigation).
  var panel = element("div", { "class": "pufa-search-empty" });
  panel.appendChild(element("p", {}, "没有找到相关内容。可以拨打 12348 公共法律服务热线咨询，或到所在乡镇的司法所。"));
  var actions = element("p", { "class": "pufa-search-empty__actions" });
  actions.appendChild(element("a", { "class": "pufa-search-empty__call", "href": "tel:12348" }, "拨打 12348"));
  actions.appendChild(element("a", { "href": new URL(offline ? "services/index.html#司法所" : "services/#司法所", base).href }, "找乡镇司法所"));
  actions.appendChild(element("a", { "href": new URL(offline ? "services/hotlines.html" : "services/hotlines/", base).href }, "服务热线"));
  panel.appendChild(actions);

  function update() {
    var empty = meta.textContent.trim() === none;
    if (empty && !panel.parentNode) result.insertBefore(panel, meta.nextSibling);
    if (!empty && panel.parentNode) panel.parentNode.removeChild(panel);
    result.classList.toggle("pufa-search-result--empty", empty);
  }
  new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });

  // Enter in the query field opens Material's best result; with none, Material would take a panel
  // link for a result. Nothing to open then, as in Material (and no form submission).
  query.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.isComposing && panel.parentNode) {
      event.preventDefault();
      event.stopPropagation();
    }
  });
})();
