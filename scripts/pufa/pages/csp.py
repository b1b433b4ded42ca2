"""The Content-Security-Policy every published page carries: load only from this site.

It is the second wall behind the publication gate (gate.py): if something foreign ever slips past
the build's checks, the browser still refuses to fetch it. Links to other sites stay allowed; only
loads (scripts, styles, images, fonts, frames, workers, XHR) are limited to the site itself.

The same policy is sent as an HTTP header by the generated nginx configuration; a header may add
`frame-ancestors`, which a <meta> policy cannot carry.

Why each exception:
- 'unsafe-inline' for scripts: Material's theme writes small inline scripts on every page (its
  configuration, palette and scope) and instant navigation re-runs them; editors' content may not
  contain any script (the gate refuses it), so this opens nothing to them.
- 'unsafe-inline' for styles: the theme sets style attributes (e.g. progress bars, icons).
- data: for images and fonts: the theme's CSS draws its icons as data: SVG masks.
- blob: for workers: the offline bundle's iframe-worker shim starts search that way under file://.
"""

from __future__ import annotations

import html

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'unsafe-inline'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES)
# As an HTTP header the policy may also forbid framing by other sites (not possible in <meta>).
HEADER_POLICY = POLICY + "; frame-ancestors 'self'"

META = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(POLICY)}">'


def with_meta(page: str) -> str:
    """The page with the policy as the first element of <head>, before anything can load."""
    if META in page:
        return page
    for marker in ('<meta charset="utf-8">', "<head>"):
        at = page.find(marker)
        if at >= 0:
            at += len(marker)
            return page[:at] + "\n" + META + page[at:]
    return page
