"""Routes of the voting pages (under /bieu-quyet/); each views module lists its own:
``sessions`` (lists, preparing, opening, closing), ``casting`` (check-in, the ballot, the
paper ballot), ``paper`` (the tellers) and ``results``."""

from thidua.voting.views import casting, paper, results, sessions

app_name = "voting"

urlpatterns = sessions.urlpatterns + casting.urlpatterns + paper.urlpatterns + results.urlpatterns
