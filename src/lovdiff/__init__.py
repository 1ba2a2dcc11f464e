"""lovdiff: parse, compare and comment Danish executive orders."""

__version__ = "0.1.0"
