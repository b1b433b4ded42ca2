"""The only code that knows MkDocs and Material: the plugin, the build engine, and the fixes to the theme's HTML and search index."""
