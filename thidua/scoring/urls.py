"""Routes of the scoring pages; each views module lists its own: ``tables`` (the table and the
conduct records), ``assessments`` (self-assessment), ``reviews`` (cross-review),
``consolidation`` (the leader's consolidated scores) and ``results`` (ranking, publication and
exports)."""

from thidua.scoring.views import assessments, consolidation, results, reviews, tables

app_name = "scoring"

urlpatterns = (
    tables.urlpatterns
    + assessments.urlpatterns
    + reviews.urlpatterns
    + consolidation.urlpatterns
    + results.urlpatterns
)
