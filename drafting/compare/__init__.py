"""The same projects in two stores (two years, or two rounds of one year): matching forms and rows,
and what changed between them (`jixiao diff`, the JX6xx rules, the app's side-by-side view)."""
