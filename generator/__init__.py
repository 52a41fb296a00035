"""hubgen: a static site generator for citation hub pages."""

__version__ = "0.1.0"
