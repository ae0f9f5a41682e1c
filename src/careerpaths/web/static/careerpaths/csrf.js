// htmx requests carry Django's CSRF token (read from the cookie) as X-CSRFToken.
// A static file, not an inline script: the Content-Security-Policy allows no inline code.
document.body.addEventListener("htmx:configRequest", function (e) {
  var m = document.cookie.match(/csrftoken=([^;]+)/);
  if (m) { e.detail.headers["X-CSRFToken"] = m[1]; }
});
