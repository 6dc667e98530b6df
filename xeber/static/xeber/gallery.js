// The lightbox of galleries: PhotoSwipe 5 (xeber/static/xeber/vendor/photoswipe, MIT),
// served by Xeber and loaded only on pages that show a gallery. Each picture of a gallery
// is a link to its largest copy, so without scripts it still opens; with them, a click or
// Enter opens the lightbox: arrows and swipes move, Escape closes and gives the focus back
// to the picture, Tab stays inside, a counter says where one is, the caption is shown.
// The URLs and the interface's words come from this script's own tag (static file names
// carry a hash in production, and the page's language decides the words). The lightbox's
// style is asked for here, not in the page's head: the page needs it only once a picture
// is opened, and a stylesheet in the head would hold its first paint back.
const tag = document.querySelector("script[data-lightbox]");
const words = tag.dataset;
const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: words.css });
document.head.append(style);
const { default: PhotoSwipeLightbox } = await import(words.lightbox);

function captionOf(slide) {
  const item = slide && slide.data.element && slide.data.element.closest("li");
  const caption = item && item.querySelector("p");
  return caption ? caption.textContent.trim() : slide ? slide.data.alt || "" : "";
}

for (const gallery of document.querySelectorAll("figure.gallery[data-gallery]")) {
  const lightbox = new PhotoSwipeLightbox({
    gallery,
    children: "li > a",
    pswpModule: () => import(words.core),
    showHideAnimationType: "fade",
    closeTitle: words.close,
    arrowPrevTitle: words.previous,
    arrowNextTitle: words.next,
    zoomTitle: words.zoom,
    errorMsg: words.error,
  });
  lightbox.on("uiRegister", () => {
    lightbox.pswp.ui.registerElement({
      name: "caption",
      order: 9,
      isButton: false,
      appendTo: "root",
      onInit: (element, pswp) => {
        pswp.element.setAttribute("aria-modal", "true");
        pswp.element.setAttribute("aria-label", words.label);
        element.setAttribute("aria-live", "polite");
        pswp.on("change", () => {
          element.textContent = captionOf(pswp.currSlide);
        });
      },
    });
  });
  lightbox.init();
}
