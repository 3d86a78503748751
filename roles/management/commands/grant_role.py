from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ROLES = ["Writers", "Editors", "Moderators"]


class Command(BaseCommand):
    help = "Give a staff member a newsroom role: Writers, Editors or Moderators."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument(
            "--remove", action="store_true", help="Take the role away instead."
        )

    def handle(self, *args, username, role, remove, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        group = Group.objects.get(name=role)
        if remove:
            user.groups.remove(group)
            self.stdout.write(f"{username} is no longer in {role}.")
            return
        user.groups.add(group)
        if not user.is_staff:
            # Roles are worked in the admin, which only staff may enter.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"{username} is now in {role}."))
