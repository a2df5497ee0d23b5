"""The brief over a date range: `build` assembles it from the store, `merge` makes one entry per event,
`rows` lays it out as ACLED-like rows (CSV), `render` writes it as Markdown, HTML or JSON, `map` draws
the HTML brief's map; `model` is what a brief holds."""
