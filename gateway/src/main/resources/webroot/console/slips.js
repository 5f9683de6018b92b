'use strict';
// The slip page's one behaviour: the print button (the CSP allows no inline script).
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('print-slips');
  if (button) {
    button.addEventListener('click', function () {
      window.print();
    });
  }
});
