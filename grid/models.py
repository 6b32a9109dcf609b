"""The GRID's tables: match runs (with their shards), matches, and the two tables a manager edits
in the admin: which opening kinds each benefit group may be offered (GridKindRule) and the weights
of the score's components (ScoreWeights)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from citizens.models import Benefit, Citizen
from core.choices import ChoiceLabels, OpeningKind
from core.models import Team
from employers.models import Opening


class GridKindRule(models.Model):
    """Hard limit 2: an opening kind may be matched to a citizen on a benefit only when a rule row
    allows it on the day of the run (e.g. fleksjob only for ledighedsydelse, nyttejob only for
    kontanthjælp). Rules are data with dates and a legal reference, editable in the admin."""

    kind = models.CharField(_("opening kind"), max_length=30, choices=OpeningKind.choices)
    benefit = models.CharField(_("benefit"), max_length=30, choices=Benefit.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reference = models.CharField(_("legal reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "benefit", "valid_from"]
        verbose_name = _("GRID kind rule")
        verbose_name_plural = _("GRID kind rules")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "benefit", "valid_from"], name="gridkindrule_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="gridkindrule_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ← {self.benefit}"


_weight = [MinValueValidator(0), MaxValueValidator(100)]


class ScoreWeights(models.Model):
    """The weights of the score's components (one row is used: the newest). Each component is a
    factor 0-100; the score is the weighted mean, so it stays 0-100 whatever the weights sum to.

    - occupation: the best job track against the opening's DISCO-08 code (same unit group 100,
      minor group 75, sub-major group 50, major group 25; times 100/85/70/60 % for the 1st/2nd/
      3rd/later track).
    - commute: 100 at the citizen's postcode, falling linearly to 0 at `max_distance_km`.
    - urgency: time in the course (up to 60 at one year) plus 40 for an overdue deadline
      (the 3-month rule, long-term unemployment, a sickness reassessment).
    - language: 100 when the opening asks for no language; else the citizen's level in it.
    - kind: how well the opening's kind suits the citizen's segment
      (grid.engine.vocabulary.KIND_FIT).
    Never gender, age or origin.
    """

    occupation = models.PositiveSmallIntegerField(
        _("occupation fit"), default=45, validators=_weight
    )
    commute = models.PositiveSmallIntegerField(_("commute"), default=20, validators=_weight)
    urgency = models.PositiveSmallIntegerField(_("urgency"), default=15, validators=_weight)
    language = models.PositiveSmallIntegerField(_("languages"), default=10, validators=_weight)
    kind = models.PositiveSmallIntegerField(
        _("kind suits the segment"), default=10, validators=_weight
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("max commute (km)"),
        default=60,
        validators=[MinValueValidator(1)],
        help_text=_("Openings farther from the citizen's postcode are not screened."),
    )
    top_k = models.PositiveSmallIntegerField(
        _("matches kept per citizen and per opening"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("score weights")
        verbose_name_plural = _("score weights")
        constraints = [
            models.CheckConstraint(
                condition=Q(occupation__gt=0)
                | Q(commute__gt=0)
                | Q(urgency__gt=0)
                | Q(language__gt=0)
                | Q(kind__gt=0),
                name="scoreweights_not_all_zero",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation}/{self.commute}/{self.urgency}/{self.language}/{self.kind}"


class MatchRun(ChoiceLabels, models.Model):
    """One screening of citizens against openings, run in Celery shards."""

    class Scope(models.TextChoices):
        ALL = "all", _("All active citizens and open openings")
        CITIZEN = "citizen", _("One citizen")
        OPENING = "opening", _("One opening")
        TEAM = "team", _("One team")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        USER = "user", _("Started by a user")
        NIGHTLY = "nightly", _("Nightly")
        INCREMENTAL = "incremental", _("A citizen or an opening changed")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    citizen = models.ForeignKey(
        Citizen,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    failure_reason = models.CharField(_("reason for failure"), max_length=500, blank=True)
    trigger = models.CharField(
        _("started by"), max_length=12, choices=Trigger.choices, default=Trigger.USER
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    shards_total = models.PositiveIntegerField(_("shards"), default=0)
    shards_done = models.PositiveIntegerField(_("shards done"), default=0)
    top_k = models.PositiveSmallIntegerField(
        _("matches kept per citizen and per opening"), default=20
    )
    citizens_count = models.PositiveIntegerField(_("citizens"), default=0)
    openings_count = models.PositiveIntegerField(_("openings"), default=0)
    pairs_considered = models.BigIntegerField(_("pairs considered"), default=0)
    excluded = models.JSONField(_("pairs excluded per reason"), default=dict, blank=True)
    matches_kept = models.PositiveIntegerField(_("matches kept"), default=0)
    timings = models.JSONField(_("seconds per phase"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        permissions = [
            ("view_grid_picture", "Can see the GRID's supply/demand, plan and fairness"),
            ("view_supply_demand", "Can see supply and demand and the campaign suggestions"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.scope} {self.status}"

    @property
    def progress(self) -> int:
        """0-100: shards done of the shards planned (100 when done)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.shards_total:
            return 0
        return min(99, (100 * self.shards_done) // self.shards_total)


class MatchRunShard(models.Model):
    """A bounded part of a run: on the citizens' side a group of citizens by id range (their top-k
    openings), on the openings' side a group of openings by id range (their top-k citizens among
    all of the run's citizens). Bounds are inclusive. Its counts are stored here, so a shard that
    runs twice overwrites its own numbers instead of adding them twice."""

    class Side(models.TextChoices):
        CITIZENS = "citizens", _("Citizens")
        OPENINGS = "openings", _("Openings")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="shards")
    index = models.PositiveIntegerField()
    side = models.CharField(max_length=8, choices=Side.choices, default=Side.CITIZENS)
    id_from = models.BigIntegerField()
    id_to = models.BigIntegerField()
    done = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    citizens_count = models.PositiveIntegerField(default=0)
    pairs_considered = models.BigIntegerField(default=0)
    excluded = models.JSONField(default=dict, blank=True)
    matches_kept = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)
    # When the latest attempt began (the shard's heartbeat): a shard still not done long after
    # it is found by grid.run_recovery and sent again or its run failed.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="matchrunshard_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.index} {self.side} [{self.id_from}, {self.id_to}]"


class RunPlan(models.Model):
    """The optimal plan of a full run beside the greedy one (grid.picture.plan_store), computed
    once in the worker when the run finishes and read by the page and the API: totals and the
    assignments, as the API gives them."""

    run = models.OneToOneField(
        MatchRun,
        verbose_name=_("run"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="plan",
    )
    data = models.JSONField(_("plan"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)
    seconds = models.FloatField(_("seconds to compute"), default=0)

    class Meta:
        verbose_name = _("run plan")
        verbose_name_plural = _("run plans")

    def __str__(self) -> str:
        return f"plan of run {self.run_id}"


class GridState(models.Model):
    """One row (pk 1): the run whose matches are shown. Switched when a whole run is done."""

    current_run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    switched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("GRID state")
        verbose_name_plural = _("GRID state")

    def __str__(self) -> str:
        return f"current run {self.current_run_id}"


class DataVersion(models.Model):
    """One row (pk 1) whose number PostgreSQL's statement triggers renew, from a sequence (never
    the same number twice, also not after a rollback), on every write to the tables it watches,
    whatever wrote: a service, a bulk update, a cascade, a migration or psql. A process keeps what
    it read from those tables while the number is the same."""

    version = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.version}"

    @classmethod
    def current(cls) -> int | None:
        """The number now, or None where no trigger keeps it (SQLite, the embedded default)."""
        if connection.vendor != "postgresql":
            return None
        return cls.objects.filter(pk=1).values_list("version", flat=True).first()


class OpeningsVersion(DataVersion):
    """Watches every table the openings' arrays are read from (openings, placements,
    workplaces, employers, dispensations, rules; migration grid/0013).
    grid.loading.open_openings keeps a worker's arrays while it is unchanged."""

    class Meta:
        verbose_name = _("version of the openings' data")
        verbose_name_plural = _("version of the openings' data")


class MatchesVersion(DataVersion):
    """Watches the match table (migration grid/0014), except a run's shards writing that run's
    own rows before it is shown (grid.services marks those statements with the setting
    `grid.run_rows`). The API's matches list keeps its exact count per version
    (grid.selectors.match_count)."""

    class Meta:
        verbose_name = _("version of the matches")
        verbose_name_plural = _("version of the matches")


class MatchCount(models.Model):
    """A count kept for the API's matches list (grid.selectors.match_count): how many rows a
    query over the match table alone (`query`: the SHA-256 of its SQL and parameters) gave at a
    matches' version. In the database, so every process and host shares it; the rows of older
    versions are deleted whenever a newer one is stored."""

    version = models.BigIntegerField()
    query = models.CharField(max_length=64)
    rows = models.BigIntegerField()

    class Meta:
        verbose_name = _("kept count of matches")
        verbose_name_plural = _("kept counts of matches")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "query"], name="matchcount_one_per_query_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rows} (version {self.version})"


class PairScore(ChoiceLabels, models.Model):
    """A scored citizen × opening pair: the score, the ranking key and what the reasons are
    rendered from (grid.reasons.match_reasons). Shared by Match and OpeningCandidate."""

    score = models.PositiveSmallIntegerField(_("score"))
    # The weighted sum the ranks are ordered by (the score is it divided by the weights' sum).
    raw_score = models.PositiveIntegerField(_("raw score"), default=0)
    track_priority = models.PositiveSmallIntegerField(_("job track"), null=True, blank=True)
    track_occupation = models.CharField(_("job track occupation"), max_length=6, blank=True)
    occupation_level = models.PositiveSmallIntegerField(_("shared DISCO level"), default=0)
    distance_km = models.PositiveSmallIntegerField(_("distance (km)"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency (0-100)"), default=0)
    overdue = models.BooleanField(_("overdue deadline"), default=False)
    kind_fit = models.PositiveSmallIntegerField(_("kind fit (0-100)"), default=0)
    language_fit = models.PositiveSmallIntegerField(_("language fit (0-100)"), default=0)

    class Meta:
        abstract = True


class Match(PairScore):
    """A citizen × opening pair kept by a run: among the citizen's top-k openings (`rank`), among
    the opening's top-k citizens (`opening_rank`), or both. The proposal workflow lives on the
    row."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    # Match rows are derived data, rewritten by every run: few indexes, each costing time in a
    # run's COPY. The constraint's (run, citizen, opening) serves a run's rows by citizen,
    # (run, opening) a run's rows by opening, and two small partial indexes the proposals and
    # decisions (the few rows that are not suggestions) by citizen and by opening. No database
    # foreign-key constraints on the three keys a run writes (each would cost a trigger per row
    # at commit); Django still cascades deletes of runs, citizens and openings to their matches.
    run = models.ForeignKey(
        MatchRun,
        verbose_name=_("run"),
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    citizen = models.ForeignKey(
        Citizen,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # A scoped run's rows are merged into the current run (`run` becomes the current one): the
    # scoped run that produced or last refreshed the row, so its results can be found by its id.
    refreshed_by = models.ForeignKey(
        MatchRun,
        verbose_name=_("refreshed by run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Null when the pair is kept only as one of the opening's best citizens (and vice versa).
    rank = models.PositiveSmallIntegerField(_("rank for the citizen"), null=True, blank=True)
    opening_rank = models.PositiveSmallIntegerField(
        _("rank for the opening"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=500, blank=True)
    intervention = models.OneToOneField(
        "citizens.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["run", "citizen", models.F("rank").asc(nulls_last=True)]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        permissions = [
            ("propose_match", "Can propose a match to the employer consultant"),
            ("decide_match", "Can accept or reject a proposed match"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "citizen", "opening"], name="match_unique_pair_per_run"
            ),
        ]
        indexes = [
            models.Index(fields=["run", "opening"], name="match_run_opening"),
            models.Index(
                fields=["citizen", "opening"],
                condition=~Q(status="suggested"),
                name="match_acted_by_citizen",
            ),
            models.Index(
                fields=["opening"], condition=~Q(status="suggested"), name="match_acted_by_opening"
            ),
            models.Index(
                fields=["refreshed_by"],
                condition=Q(refreshed_by__isnull=False),
                name="match_refreshed_by_run",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} × {self.opening_id}: {self.score}"


class OpeningCandidate(PairScore):
    """The openings' side of a run while it runs: each opening shard writes its openings' top-k
    citizens here; when the whole run is done they are merged into the run's Match rows (a pair
    that is also among the citizen's top-k gets its opening_rank, the others become rows of their
    own) and these rows are deleted. Kept apart so the two sides' shards never write the same
    rows, whatever order they run in."""

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    citizen_id = models.BigIntegerField()
    opening_id = models.BigIntegerField()
    opening_rank = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["run", "opening_id"]),
            # A citizens' shard merges its range's candidates: (run, citizen) BETWEEN … reads
            # only them (grid.services._merge_opening_candidates).
            models.Index(fields=["run", "citizen_id"], name="candidate_run_citizen"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.opening_id} ← {self.citizen_id} #{self.opening_rank}"


class CandidateRequest(models.Model):
    """ "Anmod om kandidater": the consultant of an opening's company asks the caseworkers whose
    citizens fit the opening for candidates, with a note. Each caseworker answers per fitting
    citizen (CandidateRequestAnswer): propose (the match is proposed) or decline with a reason."""

    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("candidate request")
        verbose_name_plural = _("candidate requests")
        permissions = [("answer_candidaterequest", "Can answer a request for candidates")]

    def __str__(self) -> str:
        return f"{self.opening_id}: {self.created_at:%Y-%m-%d}"


class CandidateRequestAnswer(models.Model):
    """A caseworker's answer for one fitting citizen: proposed (with the match) or declined with a
    reason."""

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        CandidateRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("answer to a candidate request")
        verbose_name_plural = _("answers to candidate requests")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "citizen"], name="candidate_answer_once_per_citizen"
            ),
            models.CheckConstraint(
                condition=Q(decision="proposed") | ~Q(reason=""),
                name="candidate_answer_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.citizen_id}: {self.decision}"
