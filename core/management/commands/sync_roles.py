from django.core.management.base import BaseCommand

from core.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups and give them exactly the permissions declared in code."

    def handle(self, *args, **options) -> None:
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
