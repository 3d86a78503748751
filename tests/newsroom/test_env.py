"""Settings read numbers from the environment, or refuse them by name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_float, env_int


@pytest.mark.parametrize(
    ("read", "text", "value"),
    [(env_int, "12", 12), (env_float, "0.25", 0.25), (env_float, "2", 2.0)],
)
def test_a_number_is_read_from_the_environment(monkeypatch, read, text, value):
    monkeypatch.setenv("NEWSROOM_TEST_NUMBER", text)

    assert read("NEWSROOM_TEST_NUMBER", 7) == value


@pytest.mark.parametrize("read", [env_int, env_float])
def test_an_unset_or_empty_number_is_the_default(monkeypatch, read):
    monkeypatch.delenv("NEWSROOM_TEST_NUMBER", raising=False)
    assert read("NEWSROOM_TEST_NUMBER", 7) == 7

    monkeypatch.setenv("NEWSROOM_TEST_NUMBER", "")
    assert read("NEWSROOM_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize(
    ("read", "text", "message"),
    [
        (env_int, "2.5", "NEWSROOM_TEST_NUMBER must be a whole number."),
        (env_float, "fast", "NEWSROOM_TEST_NUMBER must be a number."),
    ],
)
def test_a_number_that_is_not_one_is_refused_by_name(monkeypatch, read, text, message):
    monkeypatch.setenv("NEWSROOM_TEST_NUMBER", text)

    with pytest.raises(ImproperlyConfigured) as refused:
        read("NEWSROOM_TEST_NUMBER", 7)

    assert str(refused.value) == message
