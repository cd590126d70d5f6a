"""The `coalition` command line: thin commands over the services."""
