"""Date arithmetic the rules' bulk forms need in SQL, for PostgreSQL and SQLite alike."""

from django.db.models import DateField, Expression


class LastDay(Expression):
    """add_months(start, months) + (days - 1) days, in SQL: the last allowed day (the caller
    guards against NULL: SQLite's printf reads NULL as 0). Calendar months end on the month's
    last day (31 Jan + 1 month = 28/29 Feb), as core.workdays.add_months."""

    output_field = DateField()

    def __init__(self, start, months, days) -> None:
        super().__init__(output_field=DateField())
        self.start, self.months, self.days = start, months, days

    def get_source_expressions(self):
        return [self.start, self.months, self.days]

    def set_source_expressions(self, exprs) -> None:
        self.start, self.months, self.days = exprs

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        clone = self.copy()
        clone.is_summary = summarize
        clone.set_source_expressions(
            [
                expr.resolve_expression(query, allow_joins, reuse, summarize, for_save)
                for expr in self.get_source_expressions()
            ]
        )
        return clone

    def _compiled(self, compiler, connection):
        return [compiler.compile(expr) for expr in self.get_source_expressions()]

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        (start, p_start), (months, p_months), (days, p_days) = self._compiled(compiler, connection)
        sql = (
            f"(({start} + make_interval(months => ({months})::int)) "
            f"+ make_interval(days => ({days})::int - 1))::date"
        )
        return sql, (*p_start, *p_months, *p_days)

    def as_sqlite(self, compiler, connection, **extra):
        (start, p_start), (months, p_months), (days, p_days) = self._compiled(compiler, connection)
        shifted = f"date({start}, printf('%%+d months', {months}))"
        month_end = (
            f"date({start}, 'start of month', printf('%%+d months', ({months}) + 1), '-1 day')"
        )
        sql = f"date(min({shifted}, {month_end}), printf('%%+d days', ({days}) - 1))"
        params = (*p_start, *p_months, *p_start, *p_months, *p_days)
        return sql, params
