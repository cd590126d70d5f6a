"""One module per page (or small set of pages); each holds a router of `PageRoute`s."""
