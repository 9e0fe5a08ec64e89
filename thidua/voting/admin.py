"""Read-only admin for the voting rules and sessions. The ballot box (tokens, ballots, marks)
is not in the admin: it is read only as counts (``selectors.session_counts``)."""

from django.contrib import admin

from thidua.voting.models import BallotSession, VotingRule, WrittenVote


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin[VotingRule]):
    list_display = ["code", "name", "body", "valid_from", "valid_to"]
    list_filter = ["body"]

    def has_add_permission(self, request: object) -> bool:
        return False  # rule data: shipped by data migrations, a new version for a change

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(BallotSession)
class BallotSessionAdmin(admin.ModelAdmin[BallotSession]):
    list_display = ["title", "body", "meeting_date", "mode", "state"]
    list_filter = ["body", "state", "mode"]

    def has_add_permission(self, request: object) -> bool:
        return False  # sessions are written by the services (audited)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(WrittenVote)
class WrittenVoteAdmin(admin.ModelAdmin[WrittenVote]):
    """Written votes of absent members are open (named in the minutes); read-only here."""

    list_display = ["voter", "session", "recorded_at", "recorded_by"]

    def has_add_permission(self, request: object) -> bool:
        return False  # recorded by ``written_vote_record`` (audited)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
