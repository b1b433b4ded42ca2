"""Reading what editors write: text files, YAML, front matter, mkdocs.yml, the files under docs/, and the shared field checks."""
