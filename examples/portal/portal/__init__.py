"""A partner portal on the fapiao SDK (docs/portal.md): Flask pages that
walk the customer guide for the partner's own users."""

from .app import Config, create_app

__all__ = ["Config", "create_app"]
