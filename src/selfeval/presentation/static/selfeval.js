/* The book is a printed report: always the light theme, whatever a visitor stored for another
   book on this server or the system prefers (the theme reads data-mode when the page loads). */
document.documentElement.dataset.mode = "light";
document.documentElement.dataset.theme = "light";
