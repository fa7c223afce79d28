"""The package version, in a module of its own so any layer can read it without
importing the package face (``factcheck/__init__.py``) from below."""

__version__ = "0.1.0"
