"""Routes of the voting pages (under /bieu-quyet/); each views module lists its own:
``sessions`` (lists, preparing, opening, closing), ``casting`` (check-in, the ballot, the
paper ballot), ``paper`` (the tellers), ``results`` and ``documents`` (the ballot paper and the
vote-count minutes as files)."""

from thidua.voting.views import casting, documents, paper, results, sessions

app_name = "voting"

urlpatterns = (
    sessions.urlpatterns
    + casting.urlpatterns
    + paper.urlpatterns
    + results.urlpatterns
    + documents.urlpatterns
)
