import os

from django.core.management.base import BaseCommand, CommandError

from core.db_roles import audit_grants_apply, grant_plan


class Command(BaseCommand):
    help = (
        "PostgreSQL: create or update the application's database role so it cannot truncate the "
        "audit tables or alter or drop their triggers. Run as the owner role after migrate."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--app-role", default=os.environ.get("DB_APP_ROLE", "jobcenter_app"))
        parser.add_argument(
            "--password-env",
            default="DB_APP_PASSWORD",
            help="Environment variable holding the application role's password (optional).",
        )
        parser.add_argument(
            "--sql", action="store_true", help="Print the statements instead of running them."
        )

    def handle(self, *args, **options) -> None:
        password = os.environ.get(options["password_env"]) or None
        try:
            if options["sql"]:
                # No password in printed SQL: the DBA sets it with psql's \password.
                plan = grant_plan(app_role=options["app_role"])
                for statement in plan.statements(role_exists=False):
                    self.stdout.write(statement + ";")
                return
            statements = audit_grants_apply(app_role=options["app_role"], password=password)
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        for statement in statements:
            self.stdout.write(statement)
        self.stdout.write(
            self.style.SUCCESS(f"{options['app_role']}: grants set; the audit tables are guarded.")
        )
