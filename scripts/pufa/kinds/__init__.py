"""The page kinds: posts, legal-culture sites, the roster, hotlines and service points, figures, and the short links they claim."""
