"""Writers that turn a Document into files."""
