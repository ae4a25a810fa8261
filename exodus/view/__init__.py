"""Layer 4, the views: every chart of a view, with its title, sources and table, built from the package and the filters."""
