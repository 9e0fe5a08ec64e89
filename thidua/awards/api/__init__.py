"""The commendation history and eligibility API (routers mounted in thidua.api.api)."""
