"""zwgk: checks and publishes county government-disclosure catalogues (基层政务公开标准目录)."""

__version__ = "0.1.0"
