"""Getting a build out safely: the publication gate, the output folder swap, the CSP, the summary, the web-server config."""
