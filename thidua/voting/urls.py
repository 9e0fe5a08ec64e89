"""Routes of the voting pages (under /bieu-quyet/); each views module lists its own:
``sessions`` (lists, preparing, opening, closing), ``casting`` (check-in, the ballot, the
paper ballot), ``paper`` (the tellers), ``results`` and ``documents`` (the ballot paper and the
vote-count minutes as files), ``written`` (written votes of absent members)."""

from thidua.voting.views import casting, documents, paper, results, sessions, written

app_name = "voting"

urlpatterns = (
    sessions.urlpatterns
    + casting.urlpatterns
    + paper.urlpatterns
    + results.urlpatterns
    + documents.urlpatterns
    + written.urlpatterns
)
