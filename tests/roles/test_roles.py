import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Writers",
        "Editors",
        "Moderators",
    }


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        ("Writers", "articles.add_article", "articles.delete_article"),
        ("Editors", "articles.delete_article", "comments.change_comment"),
        ("Moderators", "comments.change_comment", "articles.change_article"),
    ],
)
def test_each_role_carries_its_permissions(role, allowed, refused):
    user = User.objects.create_user("someone", is_staff=True)
    user.groups.add(Group.objects.get(name=role))

    assert user.has_perm(allowed)
    assert not user.has_perm(refused)


def test_grant_role_makes_a_user_staff_in_that_role(capsys):
    User.objects.create_user("gulnora")

    call_command("grant_role", "gulnora", "Moderators")

    user = User.objects.get(username="gulnora")
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Moderators"]
    assert "gulnora is now in Moderators." in capsys.readouterr().out


def test_grant_role_names_an_unknown_user():
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("grant_role", "nobody", "Editors")
