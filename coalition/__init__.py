"""coalition: a joint terrorist list, screening, exchange and monitoring for a coalition of states."""

__version__ = "0.1.0"
__all__ = ["__version__"]
