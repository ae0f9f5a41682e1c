"""The command line: thin commands over the library (``careerpaths --help``)."""
