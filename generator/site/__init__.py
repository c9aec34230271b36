"""The public site: the view model, pages, exports, search, the theme and the mkdocs plugin
(the only module that imports mkdocs)."""
