"""HTML that the kinds' pages share: markers, photos in pages, map links, share cards."""
