"""Pages of the commendation history: search, timelines, eligibility, the rule catalogue.

Each module carries its own ``urlpatterns``; :mod:`thidua.awards.urls` joins them.
"""
