"""pufa: static-site generator for a county justice bureau's public legal education work.

The core (loading, validation, rendering of generated pages) is plain Python and does not
import MkDocs; `plugin.py` and `engine.py` are the only adapters to the site engine.
"""

__version__ = "0.1.0"
