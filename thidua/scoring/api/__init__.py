"""The scoring API at /api/v1/scoring/ — ``endpoints`` (the routes, their permissions and
services) and ``schemas`` (what goes in and out)."""

from thidua.scoring.api.endpoints import router

__all__ = ["router"]
