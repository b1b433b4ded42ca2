"""The `python -m pufa …` commands editors and admins run."""
