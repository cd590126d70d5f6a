"""Settings: declared once, read from the environment, every one documented in README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.api.settings import ApiSettings, documented, env_name, markdown_table
from coalition.errors import UsageError

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [env_name(f.name) for f in documented() if env_name(f.name) not in text]
    assert not missing, f"settings missing from README.md: {missing}"
    assert markdown_table() in text, ("README.md's table of API settings differs from the "
                                      "declarations; paste `python -m coalition.api.settings`")


def test_settings_from_the_environment_and_overrides() -> None:
    s = ApiSettings.from_env({"COALITION_API_PORT": "9001", "COALITION_API_PRELOAD_INDEX": "no",
                              "COALITION_API_RATE_LIMIT": "2.5"}, host="0.0.0.0")
    assert (s.port, s.preload_index, s.rate_limit, s.host) == (9001, False, 2.5, "0.0.0.0")
    assert ApiSettings.from_env({}).port == ApiSettings().port


@pytest.mark.parametrize("name,value", [("COALITION_API_PORT", "eighty"),
                                        ("COALITION_API_PRELOAD_INDEX", "maybe")])
def test_bad_setting_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(UsageError, match=name):
        ApiSettings.from_env({name: value})
