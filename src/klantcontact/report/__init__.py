"""Static, self-contained KPI dashboard (HTML + inlined plotly.js) of a built database."""
