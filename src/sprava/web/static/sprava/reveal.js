// Evidence images on record pages stay blurred, and unfetched, until the reader asks to see one.
// Fetching a thumbnail is what the custody ledger records as a view of the item, so the page
// names each image only as data-src; the first click that unblurs it makes it the src. Blurring
// it again and unblurring it shows the image already loaded: no second fetch, no second view.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("reveal") || !box.checked) { return; }
    var image = box.parentNode.querySelector("img[data-src]");
    if (image && !image.getAttribute("src")) { image.setAttribute("src", image.dataset.src); }
  });
})();
