"""The command line speaks Swedish, argparse's own words included."""

import pytest

from ska import cli


def test_help_is_swedish(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    assert out.startswith("användning: ska") and "flaggor" in out and "visa den här hjälpen och avsluta" in out
    assert "usage" not in out and "options" not in out


def test_a_mistyped_flag_is_explained_in_swedish(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["validate", "--formt", "github"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "ska: fel: okända argument: --formt" in err
