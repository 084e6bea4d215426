// Starts GOV.UK Frontend. Loaded as <script type="module"> from base.html: it replaces the
// usual inline snippet of the GOV.UK page template, which our Content-Security-Policy
// (script-src 'self') forbids. A browser that runs modules is one GOV.UK Frontend supports.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Content that htmx swaps in gets its GOV.UK components started too. htmx also fires
// htmx:load on <body> once it starts, which initAll() above has already covered.
document.addEventListener('htmx:load', (event) => {
  const element = event.detail && event.detail.elt
  if (element && element !== document.body && element.isConnected) {
    initAll({ scope: element })
  }
})
